/// A compact binary encoding for the build cache's records: little-endian integers, varints,
/// length-prefixed strings. A file is a magic string, the payload, then its length and a checksum
/// of everything before them, so a damaged or cut-short file is refused rather than half-read.
/// Nothing here is a stable format: a file is only used by the tool that wrote it (cache keys
/// name the tool), so it can change freely between versions.
///
/// With a `sink`, the bytes go out in pieces as they are made (a cache of 100,000 articles need
/// not be held twice in memory); without one, they collect in `bytes`.
public struct CacheWriter {
    public private(set) var bytes: [UInt8] = []
    private let sink: ((UnsafeRawBufferPointer) -> Bool)?
    private var checksum = CacheChecksum()
    private var written = 0
    /// False once the sink refused bytes.
    public private(set) var ok = true

    public init(capacity: Int = 1 << 16, sink: ((UnsafeRawBufferPointer) -> Bool)? = nil) {
        self.sink = sink
        bytes.reserveCapacity(sink == nil ? capacity : (1 << 20) + 4096)
    }

    /// Starts a file: the magic string.
    public mutating func begin(magic: String) { string(magic) }

    /// Ends a file: the length and checksum of everything before them. Returns the bytes (with a sink,
    /// the ones not yet sent, which `end` sends).
    @discardableResult
    public mutating func end() -> [UInt8] {
        checksum.add(bytes[...])
        let length = UInt64(written + bytes.count)
        let sum = checksum.finish()
        uint64Raw(length)
        uint64Raw(sum)
        if let sink {
            ok = ok && bytes.withUnsafeBytes { sink($0) }
            bytes.removeAll()
        }
        return bytes
    }

    /// Sends what was made so far to the sink, in whole 32-byte blocks (the checksum's unit).
    public mutating func flushIfFull() {
        guard let sink, bytes.count >= 1 << 20 else { return }
        let whole = bytes.count / 32 * 32
        checksum.add(bytes[..<whole])
        ok = ok && bytes.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[..<whole])) }
        written += whole
        bytes.removeFirst(whole)
    }

    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func int(_ value: Int) {
        // Zig-zag, so the rare negative value stays short.
        varint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
    }

    private mutating func uint64Raw(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func uint64s(_ values: [UInt64]) {
        if UInt64(1).littleEndian == 1 {
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            for value in values { uint64Raw(value) }
        }
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Bytes made by another writer (its `bytes`, without `begin` or `end`). With a sink they go
    /// out a megabyte at a time, so a large section is not copied whole into this writer too.
    public mutating func raw(_ other: [UInt8]) {
        guard sink != nil else {
            bytes.append(contentsOf: other)
            return
        }
        var start = 0
        while start < other.count {
            let end = min(other.count, start + (1 << 20))
            bytes.append(contentsOf: other[start..<end])
            flushIfFull()
            start = end
        }
    }

    public mutating func string(_ text: String) {
        varint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }
}

public enum CacheDecodingError: Error { case malformed }

public struct CacheReader {
    let bytes: [UInt8]
    public private(set) var offset: Int
    let end: Int

    public init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    public var isAtEnd: Bool { offset == end }

    public mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw CacheDecodingError.malformed }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func int() throws -> Int {
        let v = Int64(bitPattern: try varint())
        return Int((v >> 1) ^ -(v & 1))
    }

    /// A count of items that each take at least one byte: refuses counts the rest cannot hold.
    public mutating func count() throws -> Int {
        let n = try varint()
        guard n <= UInt64(end - offset) else { throw CacheDecodingError.malformed }
        return Int(n)
    }

    public mutating func uint64() throws -> UInt64 {
        guard end - offset >= 8 else { throw CacheDecodingError.malformed }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        offset += 8
        return value
    }

    public mutating func uint64s(_ n: Int) throws -> [UInt64] {
        guard n >= 0, (end - offset) / 8 >= n else { throw CacheDecodingError.malformed }
        var result = [UInt64](repeating: 0, count: n)
        result.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + 8 * n]))
            }
        }
        offset += 8 * n
        if UInt64(1).littleEndian != 1 { result = result.map { UInt64(littleEndian: $0) } }
        return result
    }

    public mutating func bool() throws -> Bool {
        guard offset < end, bytes[offset] <= 1 else { throw CacheDecodingError.malformed }
        offset += 1
        return bytes[offset - 1] == 1
    }

    public mutating func string() throws -> String {
        let n = try count()
        defer { offset += n }
        guard let text = String(validating: bytes[offset..<offset + n], as: UTF8.self) else {
            throw CacheDecodingError.malformed
        }
        return text
    }

    /// The payload of a file written by `CacheWriter` (`begin`, ..., `end`), or nil when the magic
    /// differs, the file is cut short or longer, or the checksum does not match.
    public static func payload(of bytes: [UInt8], magic: String) -> CacheReader? {
        guard bytes.count >= 16 else { return nil }
        let body = bytes.count - 16
        var trailer = CacheReader(bytes, from: body)
        guard let length = try? trailer.uint64(), let sum = try? trailer.uint64(), length == UInt64(body) else { return nil }
        var checksum = CacheChecksum()
        checksum.add(bytes[..<body])
        guard checksum.finish() == sum else { return nil }
        var header = CacheReader(bytes, from: 0, to: body)
        guard let found = try? header.string(), found == magic else { return nil }
        return CacheReader(bytes, from: header.offset, to: body)
    }
}

/// A fast 64-bit checksum (not cryptographic) that can be fed in pieces of whole 32-byte blocks:
/// catches truncation, bit rot and stray edits.
struct CacheChecksum {
    /// Four lanes, word k of the file going to lane k mod 4: each lane's multiplications wait only
    /// for its own, so four go at once (one lane took 0.4 % of a cold 10k build's time).
    private var lanes: (UInt64, UInt64, UInt64, UInt64) =
        (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
    private var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var count = 0

    @inline(__always)
    private static func step(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let x = (state ^ word) &* 0x100_0000_01b3
        return x ^ (x >> 29)
    }

    /// All but the last piece must be a whole number of 32-byte blocks.
    mutating func add(_ bytes: ArraySlice<UInt8>) {
        count += bytes.count
        var (a, b, c, d) = lanes
        var tail = h
        bytes.withUnsafeBytes { raw in
            let blocks = raw.count / 32
            for k in 0..<blocks {
                let o = k * 32
                a = Self.step(a, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
                b = Self.step(b, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)))
                c = Self.step(c, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)))
                d = Self.step(d, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)))
            }
            for k in (blocks * 32)..<raw.count {
                tail = (tail ^ UInt64(raw[k])) &* 0x100_0000_01b3
            }
        }
        lanes = (a, b, c, d)
        h = tail
    }

    func finish() -> UInt64 {
        var x = h ^ UInt64(count)
        x = Self.step(x, lanes.0)
        x = Self.step(x, lanes.1)
        x = Self.step(x, lanes.2)
        x = Self.step(x, lanes.3)
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        return x
    }
}
