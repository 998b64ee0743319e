import Foundation

extension String {
    /// True when `self` sorts before `other` byte by byte in UTF-8: the order in which dossier lists
    /// paths and ids wherever the list is written or digested, the same on every machine. By
    /// `memcmp`: the generic `utf8.lexicographicallyPrecedes` showed in the profiles. The bytes
    /// are read in place: `withUTF8` needs a mutable copy of each string, a retain and a release
    /// of both per comparison when sorting thousands of paths.
    public func bytesPrecede(_ other: String) -> Bool {
        withUTF8InPlace { x in other.withUTF8InPlace { y in Self.precedes(x, y) } }
    }

    /// `body` over the string's UTF-8 bytes, read where they are stored when they are contiguous
    /// (native and small strings are). `withUTF8` needs a mutable copy: a retain and a release of
    /// the string every call, an atomic on a line other threads share when the string is shared.
    @inlinable
    public func withUTF8InPlace<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }

    private static func precedes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = Swift.min(x.count, y.count)
        let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
        return order != 0 ? order < 0 : x.count < y.count
    }
}
