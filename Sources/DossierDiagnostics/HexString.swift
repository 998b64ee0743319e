/// Lower-case hexadecimal, two digits a byte: how digests (SHA-256 of inputs, archives, cache
/// keys, page fingerprints) are written everywhere in dossier.
extension Sequence where Element == UInt8 {
    public var hexString: String {
        // Straight into the string's storage. Appending to an array through the sequence's iterator
        // (a digest's is an array made for it, and reports no count) was about 18,000 instructions
        // for a 32-byte digest, under callgrind.
        if let text = withContiguousStorageIfAvailable(HexString.encode) { return text }
        return Array(self).withUnsafeBufferPointer(HexString.encode)
    }
}

enum HexString {
    static func encode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (n, byte) in bytes.enumerated() {
                text[2 * n] = digit(byte >> 4)
                text[2 * n + 1] = digit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    @inline(__always)
    private static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
