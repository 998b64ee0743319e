import Foundation

extension String {
    /// True when `self` sorts before `other` byte by byte in UTF-8: the order in which dossier lists
    /// paths and ids wherever the list is written or digested, the same on every machine. By
    /// `memcmp`: the generic `utf8.lexicographicallyPrecedes` showed in the profiles. The bytes
    /// are read in place: `withUTF8` needs a mutable copy of each string, a retain and a release
    /// of both per comparison when sorting thousands of paths.
    public func bytesPrecede(_ other: String) -> Bool {
        let inPlace = utf8.withContiguousStorageIfAvailable { x in
            other.utf8.withContiguousStorageIfAvailable { y in Self.precedes(x, y) }
        }
        if let inPlace, let result = inPlace { return result }
        var a = self, b = other
        return a.withUTF8 { x in b.withUTF8 { y in Self.precedes(x, y) } }
    }

    private static func precedes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = Swift.min(x.count, y.count)
        let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
        return order != 0 ? order < 0 : x.count < y.count
    }
}
