/// A compact binary encoding for the build cache's records: little-endian integers, varints,
/// length-prefixed strings, and a checksum over the whole payload so a damaged file is refused
/// rather than half-read. Nothing here is a stable format: a file is only read by the executable
/// that wrote it (the header names the tool), so it can change freely between versions.
public struct CacheWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

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

    public mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func uint64s(_ values: [UInt64]) {
        if UInt64(1).littleEndian == 1 {
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            for value in values { uint64(value) }
        }
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func string(_ text: String) {
        varint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    /// `magic`, the payload's length and checksum, then the payload.
    public static func file(magic: String, payload: [UInt8]) -> [UInt8] {
        var out = CacheWriter(capacity: payload.count + magic.utf8.count + 32)
        out.string(magic)
        out.uint64(UInt64(payload.count))
        out.uint64(CacheChecksum.of(payload[...]))
        out.bytes.append(contentsOf: payload)
        return out.bytes
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

    /// The payload of a file written by `CacheWriter.file`, or nil when the magic differs, the file
    /// is cut short or longer, or the checksum does not match.
    public static func payload(of bytes: [UInt8], magic: String) -> CacheReader? {
        var header = CacheReader(bytes)
        guard let found = try? header.string(), found == magic, let length = try? header.uint64(),
            let checksum = try? header.uint64(), UInt64(bytes.count - header.offset) == length,
            CacheChecksum.of(bytes[header.offset...]) == checksum
        else { return nil }
        return CacheReader(bytes, from: header.offset)
    }
}

/// A fast 64-bit checksum (not cryptographic): catches truncation, bit rot and stray edits.
enum CacheChecksum {
    static func of(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for w in 0..<words {
                let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))
                h = (h ^ v) &* 0x100_0000_01b3
                h ^= h >> 29
            }
            for k in (words * 8)..<raw.count {
                h = (h ^ UInt64(raw[k])) &* 0x100_0000_01b3
            }
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
