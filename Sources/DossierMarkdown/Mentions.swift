import CCmarkGFM

/// Every actor alias of a build, indexed by its first word, so each word of a text is looked up once.
/// Matching is case-sensitive, on word boundaries, and the longest alias wins.
public struct MentionIndex: Sendable {
    struct Entry: Sendable {
        var alias: [Unicode.Scalar]
        var target: Int
    }

    /// Hash of the first word of an alias -> the aliases starting with it, longest first.
    let byFirstWord: [UInt64: [Entry]]
    /// Target -> its page, relative to the site root (`actors/jnim/`).
    public let paths: [String]

    /// `aliases`: each alias with the index of its target in `paths`.
    public init(aliases: [(alias: String, target: Int)], paths: [String]) {
        var table: [UInt64: [Entry]] = [:]
        for (alias, target) in aliases {
            let scalars = Array(alias.unicodeScalars)
            guard let first = MentionIndex.firstWord(scalars, from: 0), first.lowerBound == 0 else { continue }
            table[MentionIndex.hash(scalars[first]), default: []].append(Entry(alias: scalars, target: target))
        }
        for key in table.keys {
            // Longest first; equal lengths by alias then target, so the choice never depends on input order.
            table[key]!.sort {
                $0.alias.count != $1.alias.count
                    ? $0.alias.count > $1.alias.count
                    : (String(String.UnicodeScalarView($0.alias)), $0.target) < (String(String.UnicodeScalarView($1.alias)), $1.target)
            }
        }
        byFirstWord = table
        self.paths = paths
    }

    public var isEmpty: Bool { byFirstWord.isEmpty }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        return scalar.properties.isAlphabetic
    }

    /// FNV-1a over the scalars of a word: the lookup key, without building a string.
    static func hash(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in scalars { hash = (hash ^ UInt64(scalar.value)) &* 0x100_0000_01b3 }
        return hash
    }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    /// The next run of word characters at or after `start`.
    static func firstWord(_ scalars: [Unicode.Scalar], from start: Int) -> Range<Int>? {
        var i = start
        while i < scalars.count, !isWord(scalars[i]) { i += 1 }
        guard i < scalars.count else { return nil }
        var j = i
        while j < scalars.count, isWord(scalars[j]) { j += 1 }
        return i..<j
    }

    /// The mentions in `text`, left to right. At each word the longest alias that matches on word
    /// boundaries is taken; it is reported only if its target is not in `linked` yet (first mention only),
    /// and the words it covers are skipped either way.
    public func matches(in text: [Unicode.Scalar], linked: inout Set<Int>) -> [(range: Range<Int>, target: Int)] {
        var found: [(range: Range<Int>, target: Int)] = []
        var position = 0
        while let word = MentionIndex.firstWord(text, from: position) {
            position = word.upperBound
            guard let candidates = byFirstWord[MentionIndex.hash(text[word])] else { continue }
            for entry in candidates {
                let end = word.lowerBound + entry.alias.count
                guard end <= text.count, text[word.lowerBound..<end].elementsEqual(entry.alias) else { continue }
                if end < text.count, MentionIndex.isWord(text[end]), let last = entry.alias.last, MentionIndex.isWord(last) {
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
}

/// Turns mentions in text nodes into links, on the cmark node tree. Text inside links, images,
/// headings and raw inline HTML elements is left alone; code, code blocks and raw HTML are not text
/// nodes, so they are never touched.
struct MentionLinker {
    let index: MentionIndex
    let siteRoot: String

    /// Links the first mention of each target and returns the targets in order of first mention.
    func link(_ document: OpaquePointer) -> [Int] {
        cmark_consolidate_text_nodes(document)
        var linked = Set<Int>()
        var mentioned: [Int] = []
        for node in textNodes(document) {
            guard let literal = cmark_node_get_literal(node) else { continue }
            let text = Array(String(cString: literal).unicodeScalars)
            let matches = index.matches(in: text, linked: &linked)
            guard !matches.isEmpty else { continue }
            var position = 0
            for match in matches {
                if match.range.lowerBound > position {
                    insertText(MentionIndex.string(text[position..<match.range.lowerBound]), before: node)
                }
                insertLink(MentionIndex.string(text[match.range]), to: siteRoot + index.paths[match.target], before: node)
                mentioned.append(match.target)
                position = match.range.upperBound
            }
            if position < text.count {
                cmark_node_set_literal(node, MentionIndex.string(text[position...]))
            } else {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
        return mentioned
    }

    /// Text nodes outside links, images and headings, in document order.
    private func textNodes(_ document: OpaquePointer) -> [OpaquePointer] {
        var nodes: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return nodes }
        defer { cmark_iter_free(iterator) }
        var excluded = 0
        var insideHTML = 0  // open raw inline HTML elements in the current block: <a href=…>text</a>
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_HEADING {
                excluded += event == CMARK_EVENT_ENTER ? 1 : -1
            } else if type == CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(node) {
                insideHTML = max(0, insideHTML + Self.htmlDepthChange(String(cString: literal)))
            } else if type == CMARK_NODE_TEXT, excluded == 0, insideHTML == 0 {
                nodes.append(node)
            } else if event == CMARK_EVENT_EXIT, UInt32(type.rawValue) & 0xC000 == 0x8000 {
                insideHTML = 0
            }
        }
        return nodes
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
        guard let piece = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(piece, text)
        if cmark_node_insert_before(node, piece) == 0 { cmark_node_free(piece) }
    }

    private func insertLink(_ text: String, to url: String, before node: OpaquePointer) {
        guard let link = cmark_node_new(CMARK_NODE_LINK) else { return }
        cmark_node_set_url(link, url)
        if let label = cmark_node_new(CMARK_NODE_TEXT) {
            cmark_node_set_literal(label, text)
            if cmark_node_append_child(link, label) == 0 { cmark_node_free(label) }
        }
        if cmark_node_insert_before(node, link) == 0 { cmark_node_free(link) }
    }
}

/// The text of a document: text, code and line breaks, with blocks separated by spaces and every run
/// of whitespace collapsed to one space. Markdown escapes and emphasis do not show in it.
enum PlainText {
    static func extract(_ document: OpaquePointer) -> String {
        var text = WhitespaceCollapser()
        guard let iterator = cmark_iter_new(document) else { return "" }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_ENTER {
                switch type {
                case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                    if let literal = cmark_node_get_literal(node) {
                        var pointer = UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self)
                        while pointer.pointee != 0 {
                            text.append(pointer.pointee)
                            pointer += 1
                        }
                    }
                    if type == CMARK_NODE_CODE_BLOCK { text.append(0x20) }
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    text.append(0x20)
                default: break
                }
            } else if event == CMARK_EVENT_EXIT, UInt32(type.rawValue) & 0xC000 == 0x8000 {
                text.append(0x20)  // the end of a block (paragraph, item, table cell)
            }
        }
        return text.result
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

    var result: String { String(decoding: bytes, as: UTF8.self) }
}

/// Every run of ASCII whitespace (space, tab, line breaks) becomes one space; leading and trailing
/// whitespace goes. Other characters, such as no-break spaces, stay as they are.
public func collapseWhitespace(_ text: String) -> String {
    var collapser = WhitespaceCollapser()
    for byte in text.utf8 { collapser.append(byte) }
    return collapser.result
}
