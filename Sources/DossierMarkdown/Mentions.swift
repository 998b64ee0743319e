import CCmarkGFM
import Foundation

/// Every actor alias of a build, indexed by its first word, so each word of a text is looked up once.
/// Matching is case-sensitive, on word boundaries, and the longest alias wins. Texts and aliases are
/// compared as UTF-8 bytes, which is the same as comparing their Unicode scalars.
public struct MentionIndex: Sendable {
    struct Entry: Sendable {
        var alias: [UInt8]
        /// Whether the alias ends in a word character (then a word character may not follow it).
        var endsInWord: Bool
        var target: Int
    }

    /// Hash of the first word of an alias -> the aliases starting with it, longest first.
    let byFirstWord: [UInt64: [Entry]]
    /// For each first byte of an alias's first word, one bit per byte length of that word (bit 63
    /// for 63 and more): a word whose bit is clear starts no alias, and most words of a text are
    /// ruled out by this test alone, before their bytes are hashed.
    let firstWordShapes: [UInt64]
    /// One bit per value of the hash's low 16 bits, for the words that pass the first test: a
    /// clear bit spares the dictionary look-up.
    let firstWordBits: [UInt64]
    /// 1 for each byte that starts an alias, else 0 (`firstWordShapes` as bytes, for the scan).
    let firstBytes: [UInt8]
    /// Target -> its page, relative to the site root (`actors/jnim/`).
    public let paths: [String]

    /// `aliases`: each alias with the index of its target in `paths`.
    public init(aliases: [(alias: String, target: Int)], paths: [String]) {
        var table: [UInt64: [Entry]] = [:]
        var bits = [UInt64](repeating: 0, count: 1 << 10)
        var shapes = [UInt64](repeating: 0, count: 256)
        for (alias, target) in aliases {
            let bytes = Array(alias.utf8)
            let (first, endsInWord) = bytes.withUnsafeBufferPointer { buffer in
                (MentionIndex.nextWord(buffer, from: 0), MentionIndex.endsInWord(buffer))
            }
            guard let (word, hash) = first, word.lowerBound == 0 else { continue }
            table[hash, default: []].append(Entry(alias: bytes, endsInWord: endsInWord, target: target))
            bits[Int(hash & 0xFFFF) >> 6] |= 1 << (hash & 63)
            shapes[Int(bytes[0])] |= MentionIndex.lengthBit(word.count)
        }
        for key in table.keys {
            // Longest first (in scalars); equal lengths by alias then target, so the choice never
            // depends on input order.
            table[key]!.sort {
                let (l, r) = (String(decoding: $0.alias, as: UTF8.self), String(decoding: $1.alias, as: UTF8.self))
                let (ln, rn) = (l.unicodeScalars.count, r.unicodeScalars.count)
                return ln != rn ? ln > rn : (l, $0.target) < (r, $1.target)
            }
        }
        byFirstWord = table
        firstWordBits = bits
        firstWordShapes = shapes
        firstBytes = shapes.map { $0 == 0 ? 0 : 1 }
        self.paths = paths
    }

    public var isEmpty: Bool { byFirstWord.isEmpty }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return isASCIIWord(UInt8(value)) }
        return scalar.properties.isAlphabetic
    }

    @inline(__always)
    static func isASCIIWord(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// The scalar that starts at byte `i` of valid UTF-8, and its length in bytes.
    @inlinable @inline(__always)
    public static func scalar(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let lead = text[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard i + length <= text.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | (UInt32(text[i + k]) & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Whether the character starting at byte `i` is a word character, and its length in bytes.
    @inline(__always)
    static func wordCharacter(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (isWord: Bool, length: Int) {
        let byte = text[i]
        if byte < 0x80 { return (isASCIIWord(byte), 1) }
        let (scalar, length) = scalar(text, at: i)
        return (scalar.properties.isAlphabetic, length)
    }

    /// Whether the character that ends just before byte `i` (> 0) of valid UTF-8 is a word character.
    @inline(__always)
    static func wordCharacterEnds(_ text: UnsafeBufferPointer<UInt8>, before i: Int) -> Bool {
        var lead = i - 1
        if text[lead] < 0x80 { return isASCIIWord(text[lead]) }
        while lead > 0, text[lead] & 0xC0 == 0x80 { lead -= 1 }
        return wordCharacter(text, at: lead).isWord
    }

    static func endsInWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        !text.isEmpty && wordCharacterEnds(text, before: text.count)
    }

    /// The next run of word characters at or after byte `start`, as a byte range, and FNV-1a over
    /// its bytes (the look-up key, without building a string).
    static func nextWord(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (range: Range<Int>, hash: UInt64)? {
        guard let range = nextWordRange(text, from: start) else { return nil }
        return (range, hash(text, range))
    }

    /// The next run of word characters at or after byte `start`. `matches` runs this on every word
    /// of every text: an ASCII byte is told by a table (`byteClasses`), and only bytes beyond ASCII
    /// are decoded.
    @inline(__always)
    static func nextWordRange(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        nextWordRange(text, from: start, classes: byteClasses)
    }

    @inline(__always)
    static func nextWordRange(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, classes: UnsafePointer<UInt8>
    ) -> Range<Int>? {
        let n = text.count
        var i = start
        while i < n {
            let kind = classes[Int(text[i])]
            if kind == asciiWord { break }
            if kind == asciiOther {
                i += 1
            } else {
                let (isWord, length) = wordCharacter(text, at: i)
                if isWord { break }
                i += length
            }
        }
        guard i < n else { return nil }
        var j = i
        while j < n {
            let kind = classes[Int(text[j])]
            if kind == asciiWord {
                j += 1
            } else if kind == asciiOther {
                break
            } else {
                let (isWord, length) = wordCharacter(text, at: j)
                guard isWord else { break }
                j = min(j + length, n)
            }
        }
        return i..<j
    }

    /// Each byte's class: `asciiWord` (a letter or digit), `asciiOther`, or `beyondASCII` (to decode).
    /// A table: the three range tests per byte were most of `matches`' instructions.
    // Written once, on first use, and only read after: safe to share.
    nonisolated(unsafe) static let byteClasses: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            table[byte] = byte >= 0x80 ? beyondASCII : isASCIIWord(UInt8(byte)) ? asciiWord : asciiOther
        }
        return UnsafePointer(table)
    }()
    static let asciiOther: UInt8 = 0
    static let asciiWord: UInt8 = 1
    static let beyondASCII: UInt8 = 2

    /// FNV-1a over the bytes of `range`.
    @inline(__always)
    static func hash(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        FNV1a.hash(UnsafeBufferPointer(rebasing: text[range]))
    }

    /// A word's length as its bit in `firstWordShapes`.
    @inline(__always)
    static func lengthBit(_ count: Int) -> UInt64 { 1 << UInt64(min(count, 63)) }

    /// The mentions in `text` (UTF-8), left to right, as byte ranges. At each word the longest alias
    /// that matches on word boundaries is taken; it is reported only if its target is not in `linked`
    /// yet (first mention only), and the words it covers are skipped either way.
    ///
    /// Only the bytes that start some alias are looked at closely: the scan skips every other byte
    /// without finding where words begin and end (most words start no alias), and a byte that does
    /// start one counts only at a word's start, that is after a character that is not a word
    /// character. Finding every word was most of the time of this function.
    public func matches(in text: UnsafeBufferPointer<UInt8>, linked: inout Set<Int>) -> [(range: Range<Int>, target: Int)] {
        var found: [(range: Range<Int>, target: Int)] = []
        let n = text.count
        var position = 0
        let classes = MentionIndex.byteClasses
        while position < n {
            let start = firstBytes.withUnsafeBufferPointer { starts in
                var i = position
                // Eight bytes at a time, with one branch: a byte that starts an alias is rare.
                while i + 8 <= n {
                    var any = starts[Int(text[i])] | starts[Int(text[i + 1])] | starts[Int(text[i + 2])]
                    any |= starts[Int(text[i + 3])] | starts[Int(text[i + 4])] | starts[Int(text[i + 5])]
                    any |= starts[Int(text[i + 6])] | starts[Int(text[i + 7])]
                    if any != 0 { break }
                    i += 8
                }
                while i < n, starts[Int(text[i])] == 0 { i += 1 }
                return i
            }
            guard start < n else { break }
            position = start + 1
            // Within a word: not a word's start. (An alias's first byte is a UTF-8 lead byte, never
            // a continuation byte, so `start` is a character's first byte.)
            guard start == 0 || !MentionIndex.wordCharacterEnds(text, before: start),
                let word = MentionIndex.nextWordRange(text, from: start, classes: classes), word.lowerBound == start
            else { continue }
            position = word.upperBound
            guard firstWordShapes[Int(text[word.lowerBound])] & MentionIndex.lengthBit(word.count) != 0 else { continue }
            let hash = MentionIndex.hash(text, word)
            guard firstWordBits[Int(hash & 0xFFFF) >> 6] & (1 << (hash & 63)) != 0,
                let candidates = byFirstWord[hash]
            else { continue }
            for entry in candidates {
                let end = word.lowerBound + entry.alias.count
                guard end <= text.count, text[word.lowerBound..<end].elementsEqual(entry.alias) else { continue }
                if end < text.count, entry.endsInWord, MentionIndex.wordCharacter(text, at: end).isWord {
                    continue
                }
                if linked.insert(entry.target).inserted {
                    found.append((word.lowerBound..<end, entry.target))
                }
                position = end
                break
            }
        }
        return found
    }

    /// `matches(in:linked:)` on a string; the ranges are offsets in its UTF-8 bytes.
    public func matches(in text: String, linked: inout Set<Int>) -> [(range: Range<Int>, target: Int)] {
        var text = text
        return text.withUTF8 { matches(in: $0, linked: &linked) }
    }
}

/// Turns mentions in text nodes into links, on the cmark node tree. Text inside links, images,
/// headings and raw inline HTML elements is left alone; code, code blocks and raw HTML are not text
/// nodes, so they are never touched.
struct MentionLinker {
    let index: MentionIndex
    let siteRoot: String
    /// The document's allocator: nodes are made with it, as cmark links only nodes of one allocator.
    let memory: UnsafeMutablePointer<cmark_mem>

    /// Links the first mention of each target in `textNodes` (the document's text outside links,
    /// images, headings and raw inline HTML elements, in order: `DocumentWalk`, after
    /// `cmark_consolidate_text_nodes`) and returns the targets in order of first mention.
    func link(_ textNodes: [OpaquePointer]) -> [Int] {
        var linked = Set<Int>()
        var mentioned: [Int] = []
        for node in textNodes {
            guard let literal = cmark_node_get_literal(node) else { continue }
            // The node's own bytes, read in place; valid UTF-8, as the parser validates its input.
            let text = UnsafeBufferPointer(
                start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
            let matches = index.matches(in: text, linked: &linked)
            guard !matches.isEmpty else { continue }
            // Copied before the node's literal is replaced below, which frees `text`.
            let bytes = Array(text)
            func piece(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
            var position = 0
            for match in matches {
                if match.range.lowerBound > position {
                    insertText(piece(position..<match.range.lowerBound), before: node)
                }
                insertLink(piece(match.range), to: siteRoot + index.paths[match.target], before: node)
                mentioned.append(match.target)
                position = match.range.upperBound
            }
            if position < bytes.count {
                cmark_node_set_literal(node, piece(position..<bytes.count))
            } else {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
        return mentioned
    }

    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// +1 for an opening tag, -1 for a closing tag, 0 for void and self-closing tags and comments.
    static func htmlDepthChange(_ tag: String) -> Int {
        let scalars = Array(tag.unicodeScalars)
        guard scalars.count > 2, scalars[0] == "<" else { return 0 }
        if scalars[1] == "/" { return -1 }
        guard scalars[1].properties.isAlphabetic, !tag.hasSuffix("/>") else { return 0 }
        let name = String(String.UnicodeScalarView(scalars.dropFirst().prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
        return voidElements.contains(name.lowercased()) ? 0 : 1
    }

    private func insertText(_ text: String, before node: OpaquePointer) {
        guard let piece = cmark_node_new_with_mem(CMARK_NODE_TEXT, memory) else { return }
        cmark_node_set_literal(piece, text)
        if cmark_node_insert_before(node, piece) == 0 { cmark_node_free(piece) }
    }

    private func insertLink(_ text: String, to url: String, before node: OpaquePointer) {
        guard let link = cmark_node_new_with_mem(CMARK_NODE_LINK, memory) else { return }
        cmark_node_set_url(link, url)
        if let label = cmark_node_new_with_mem(CMARK_NODE_TEXT, memory) {
            cmark_node_set_literal(label, text)
            if cmark_node_append_child(link, label) == 0 { cmark_node_free(label) }
        }
        if cmark_node_insert_before(node, link) == 0 { cmark_node_free(link) }
    }
}

/// Collapses runs of ASCII whitespace to one space, dropping it at both ends, byte by byte.
struct WhitespaceCollapser {
    private var bytes: [UInt8] = []
    private var pendingSpace = false

    mutating func append(_ byte: UInt8) {
        switch byte {
        case 0x20, 0x0A, 0x09, 0x0D, 0x0B, 0x0C:
            pendingSpace = !bytes.isEmpty
        default:
            if pendingSpace { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(byte)
        }
    }

    /// The same as appending each byte in turn. Text already collapsed (words with one space
    /// between them, most of a document) is copied in one piece: copying word by word was most of
    /// the time of extracting the plain text (`DocumentWalk`) under callgrind.
    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>) {
        let n = chunk.count
        var i = 0
        while i < n {
            var sawSpace = false
            while i < n, Self.isSpace(chunk[i]) {
                sawSpace = true
                i += 1
            }
            if sawSpace { pendingSpace = !bytes.isEmpty }
            guard i < n else { break }
            // A run of non-space bytes, and single spaces each followed by one.
            let start = i
            while i < n {
                if !Self.isSpace(chunk[i]) {
                    i += 1
                } else if chunk[i] == 0x20, i + 1 < n, !Self.isSpace(chunk[i + 1]) {
                    i += 2
                } else {
                    break
                }
            }
            if pendingSpace { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<i]))
        }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    var result: String { String(decoding: bytes, as: UTF8.self) }
}

/// Every run of ASCII whitespace (space, tab, line breaks) becomes one space; leading and trailing
/// whitespace goes. Other characters, such as no-break spaces, stay as they are.
public func collapseWhitespace(_ text: String) -> String {
    var collapser = WhitespaceCollapser()
    var text = text
    text.withUTF8 { collapser.append($0) }
    return collapser.result
}

/// FNV-1a's 64-bit offset basis and prime, for the word hashes of mentions and shingles (computed,
/// so they fold into the loops as constants).
public enum FNV1a {
    @inlinable public static var offset: UInt64 { 0xcbf2_9ce4_8422_2325 }
    @inlinable public static var prime: UInt64 { 0x100_0000_01b3 }

    /// FNV-1a over `bytes` (mention words, link values).
    @inlinable public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = offset
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }
}
