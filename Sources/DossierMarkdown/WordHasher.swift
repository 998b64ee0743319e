/// The hash of each word of a text, in order, for word shingles (`Shingles` in DossierSite).
///
/// A word is a run of letters and digits, lower-cased; everything else separates words, and the
/// apostrophe joins (`Mali’s` is `malis`). Each word is hashed with FNV-1a over its characters'
/// code points (ASCII bytes as they are).
///
/// The text can come in pieces: a word may go on from one piece to the next (the plain text of
/// `foo**bar**` is `foobar`), and `separate()` ends the current word. `DocumentWalk` feeds the
/// text nodes of a document here as it walks them, so the whitespace-collapsed plain text need
/// not be built only to be hashed (it was a fifth of the analyst step's own work).
public struct WordHasher {
    /// The hashes found, in `buffer[..<used]`; the rest of `buffer` is room for more, so a piece's
    /// hashes are written in place (the buffer grows by doubling). A temporary buffer per piece,
    /// appended to an array, took 10 % more instructions.
    private var buffer: [UInt64] = []
    private var used = 0
    private var hash = FNV1a.offset
    private var inWord = false

    public init() {}

    /// The hashes of the words of `text`.
    public static func words(of text: String) -> [UInt64] {
        var hasher = WordHasher()
        var text = text
        text.withUTF8 { hasher.feed($0) }
        return hasher.finish()
    }

    /// Ends the current word, if any.
    public mutating func separate() {
        if inWord {
            makeRoom(1)
            buffer[used] = hash
            used += 1
            inWord = false
        }
    }

    /// Every word's hash, the last word ended.
    public mutating func finish() -> [UInt64] {
        separate()
        buffer.removeLast(buffer.count - used)
        return buffer
    }

    /// Room for `count` more hashes after `used`.
    private mutating func makeRoom(_ count: Int) {
        let needed = used + count
        if needed > buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: max(needed, 2 * buffer.count, 64) - buffer.count))
        }
    }

    /// Hashes the words of `bytes` (whole UTF-8 characters). On the bytes: ASCII, most of the
    /// text, needs no decoding, and iterating `unicodeScalars` was most of the time of shingling.
    /// The hashes are written in place (a piece of n bytes has at most n/2 + 1 word ends) and the
    /// table is read through a pointer: `append` and the table's bounds checks were about half of
    /// this loop's instructions.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard let text = bytes.baseAddress, n > 0 else { return }
        makeRoom(n / 2 + 1)
        var hash = self.hash
        var inWord = self.inWord
        var count = used
        buffer.withUnsafeMutableBufferPointer { found in
            let fold = Self.asciiFold
            var i = 0
            while i < n {
                let lead = text[i]
                var value: UInt32
                let isWord: Bool
                if lead < 0x80 {
                    i += 1
                    // Letters lower-cased, digits as they are, 0 for the rest; the apostrophe
                    // joins: "Mali's" is "malis".
                    let folded = fold[Int(lead)]
                    if folded == Self.apostrophe { continue }
                    if folded != 0 {
                        if !inWord { hash = FNV1a.offset }
                        inWord = true
                        hash = (hash ^ UInt64(folded)) &* FNV1a.prime
                        // The rest of an ASCII word in a loop of its own, as the same steps
                        // would take it; a separator or a non-ASCII byte goes back to the
                        // general loop.
                        while i < n {
                            let byte = text[i]
                            if byte >= 0x80 { break }
                            let next = fold[Int(byte)]
                            if next == 0 { break }
                            i += 1
                            if next == Self.apostrophe { continue }
                            hash = (hash ^ UInt64(next)) &* FNV1a.prime
                        }
                        continue
                    }
                    value = 0
                    isWord = false
                } else {
                    let (scalar, length) = MentionIndex.scalar(bytes, at: i)
                    i += length
                    value = scalar.value
                    if value == 0x2019 { continue }  // curly apostrophe
                    isWord = scalar.properties.isAlphabetic
                    if isWord, let lower = scalar.properties.lowercaseMapping.unicodeScalars.first { value = lower.value }
                }
                if isWord {
                    if !inWord { hash = FNV1a.offset }
                    inWord = true
                    hash = (hash ^ UInt64(value)) &* FNV1a.prime
                } else if inWord {
                    found[count] = hash
                    count += 1
                    inWord = false
                }
            }
        }
        used = count
        self.hash = hash
        self.inWord = inWord
    }

    /// Each ASCII byte as a word character (letters lower-cased, digits), or 0 for a separator;
    /// `apostrophe` for `'`, which is skipped. A table: the range tests were most of the loop.
    // Written once, on first use, and only read after: safe to share.
    private static let apostrophe: UInt8 = 0x27
    nonisolated(unsafe) private static let asciiFold: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
        for byte in 0..<128 {
            switch byte {
            case 0x27: table[byte] = apostrophe
            case 0x41...0x5A: table[byte] = UInt8(byte + 0x20)
            case 0x61...0x7A, 0x30...0x39: table[byte] = UInt8(byte)
            default: table[byte] = 0
            }
        }
        return UnsafePointer(table)
    }()
}
