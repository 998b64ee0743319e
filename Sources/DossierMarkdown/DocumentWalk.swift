import CCmarkGFM
import Foundation

/// One walk over a parsed document, for everything `CmarkRenderer` does before rendering it:
/// - link and image destinations are rewritten (`LinkRewriter.rewrite`) and recorded, with where
///   each starts;
/// - the text nodes that mentions may turn into links are collected (`collectText`): text outside
///   links, images, headings and raw inline HTML elements (code, code blocks and raw HTML are not
///   text nodes, so they are never touched);
/// - the plain text is extracted (`extractText`): text, code and line breaks, with blocks separated
///   by spaces and every run of whitespace collapsed to one space (Markdown escapes and emphasis do
///   not show in it);
/// - the plain text's words are hashed (`hashWords`, `WordHasher`), from the same pieces as they
///   come, so the text is built only when `extractText` asks for it.
///
/// These were three walks, each through cmark's iterator and node accessors over the whole tree.
/// Linking mentions afterwards splits text nodes into text and links with the same characters, so
/// the plain text taken here is the same as after it.
struct DocumentWalk {
    let siteRoot: String
    let collectText: Bool
    let extractText: Bool
    let hashWords: Bool
    private(set) var links: [String] = []
    private(set) var positions: [MarkdownPosition] = []
    private(set) var textNodes: [OpaquePointer] = []
    private var text = WhitespaceCollapser()
    private var words = WordHasher()

    init(siteRoot: String, collectText: Bool, extractText: Bool, hashWords: Bool = false) {
        self.siteRoot = siteRoot
        self.collectText = collectText
        self.extractText = extractText
        self.hashWords = hashWords
    }

    var plainText: String { extractText ? text.result : "" }
    /// The words' hashes; call once, after `run`.
    mutating func wordHashes() -> [UInt64] { hashWords ? words.finish() : [] }

    mutating func run(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var excluded = 0
        var insideHTML = 0  // open raw inline HTML elements in the current block: <a href=…>text</a>
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER

            if entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                let original = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                let rewritten = LinkRewriter.rewrite(original, siteRoot: siteRoot)
                if rewritten != original {
                    cmark_node_set_url(node, rewritten)
                }
                links.append(rewritten)
                positions.append(
                    MarkdownPosition(
                        line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node))))
            }

            if collectText {
                if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_HEADING {
                    excluded += entering ? 1 : -1
                } else if type == CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(node) {
                    insideHTML = max(0, insideHTML + MentionLinker.htmlDepthChange(String(cString: literal)))
                } else if type == CMARK_NODE_TEXT, excluded == 0, insideHTML == 0 {
                    textNodes.append(node)
                } else if event == CMARK_EVENT_EXIT, Self.isBlock(type) {
                    insideHTML = 0
                }
            }

            if extractText || hashWords {
                if entering {
                    switch type {
                    case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                        if let literal = cmark_node_get_literal(node) {
                            let bytes = UnsafeBufferPointer(
                                start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
                            if extractText { text.append(bytes) }
                            if hashWords { words.feed(bytes) }
                        }
                        if type == CMARK_NODE_CODE_BLOCK { separate() }
                    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                        separate()
                    default: break
                    }
                } else if event == CMARK_EVENT_EXIT, Self.isBlock(type) {
                    separate()  // the end of a block (paragraph, item, table cell)
                }
            }
        }
    }

    /// A space in the plain text, which ends a word.
    private mutating func separate() {
        if extractText { text.append(0x20) }
        if hashWords { words.separate() }
    }

    /// Block nodes, whose type values have the block flag (cmark's CMARK_NODE_TYPE_BLOCK).
    private static func isBlock(_ type: cmark_node_type) -> Bool { UInt32(type.rawValue) & 0xC000 == 0x8000 }
}
