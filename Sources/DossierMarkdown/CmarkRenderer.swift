import CCmarkArena
import CCmarkGFM
import Foundation

/// Renders GitHub Flavored Markdown through Debian's cmark-gfm. This file, `DocumentWalk.swift` and
/// `Mentions.swift` are the only code that touches the cmark C API.
public struct CmarkRenderer: MarkdownRenderer {
    public let options: MarkdownOptions

    /// The GFM extensions every document gets. Footnotes are a parser option, not an extension.
    public static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
    }

    /// Bytes the calling thread's cmark arena holds between documents (for tests).
    static var arenaBytesHeld: Int { Int(dossier_cmark_arena_held()) }

    private var cmarkOptions: Int32 {
        // Table alignment as `style` attributes: HTML5 has no `align` attribute on cells.
        // No CMARK_OPT_VALIDATE_UTF8: the text comes from a Swift string, which is valid UTF-8, and
        // checking every byte again was a percent of a build's instructions. cmark replaces NUL
        // bytes with U+FFFD as it reads them, with or without the option.
        var flags = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        if options.unsafeHTML { flags |= CMARK_OPT_UNSAFE }
        return Int32(flags)
    }

    public func render(_ input: MarkdownInput) -> RenderedMarkdown {
        let extensions = CmarkExtensions.shared
        // Everything cmark allocates for this document comes from this thread's arena, taken back
        // at once when the document is done: this `defer` is the first, so it runs last, after the
        // tree and the parser are freed (which, in the arena, frees nothing) and the HTML is copied.
        let memory = CmarkExtensions.arena
        defer { dossier_cmark_arena_reset() }
        guard let parser = cmark_parser_new_with_mem(cmarkOptions, memory) else { return RenderedMarkdown(html: "") }
        defer { cmark_parser_free(parser) }
        for syntaxExtension in extensions.pointers {
            cmark_parser_attach_syntax_extension(parser, syntaxExtension)
        }
        var text = input.text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        // cmark-gfm parses inlines in `cmark_parser_finish`, and there it switches the extensions'
        // special characters on and off in a process-wide table (`SPECIAL_CHARS` in inlines.c). Two
        // threads finishing at once race on that table, and autolinks or strikethrough then come and
        // go from build to build. So only one thread finishes a parse at a time; feeding blocks,
        // walking the tree and rendering HTML stay parallel.
        extensions.finishLock.lock()
        let finished = cmark_parser_finish(parser)
        extensions.finishLock.unlock()
        guard let document = finished else { return RenderedMarkdown(html: "") }
        defer { cmark_node_free(document) }

        // Mentions are looked for in whole runs of text. The inline parser splits text at `&`, `!`,
        // `[` and the like, and `cmark_parser_finish` joins the pieces again
        // (`cmark_consolidate_text_nodes`) before the extensions' postprocessing, which only puts
        // links between text nodes. (`cmark_consolidate_text_nodes` was 0.45 % of a cold build's
        // samples with a second call here, both calls counted.)
        let mentions = input.mentions.flatMap { $0.isEmpty ? nil : $0 }
        var walk = DocumentWalk(
            siteRoot: input.siteRoot, collectText: mentions != nil, extractText: input.plainText,
            hashWords: input.wordHashes)
        walk.run(document)
        let (links, positions, plainText, wordHashes) = (walk.links, walk.positions, walk.plainText, walk.wordHashes())
        var mentioned: [Int] = []
        if let mentions {
            mentioned = MentionLinker(index: mentions, siteRoot: input.siteRoot, memory: memory).link(walk.textNodes)
        }

        // Render while the parser, which owns the extension list, is still alive. The HTML is in the
        // arena too: copied, never passed to `free`.
        guard
            let rendered = cmark_render_html_with_mem(
                document, cmarkOptions, cmark_parser_get_syntax_extensions(parser), memory)
        else {
            return RenderedMarkdown(
                html: "", links: links, linkPositions: positions, mentioned: mentioned, plainText: plainText,
                wordHashes: wordHashes)
        }
        return RenderedMarkdown(
            html: String(cString: rendered), links: links, linkPositions: positions, mentioned: mentioned,
            plainText: plainText, wordHashes: wordHashes)
    }
}

/// The GFM extensions, registered with cmark once per process and looked up once.
final class CmarkExtensions: @unchecked Sendable {
    static let shared = CmarkExtensions()
    let pointers: [OpaquePointer]
    /// Serialises `cmark_parser_finish`, which writes cmark-gfm's global special-character table.
    let finishLock = NSLock()
    /// The per-thread arena allocator (`cmark_arena.h`). Nodes made for a document must come from
    /// its allocator: cmark refuses to link nodes of different allocators.
    nonisolated(unsafe) static let arena = dossier_cmark_arena()!.assumingMemoryBound(to: cmark_mem.self)

    private init() {
        cmark_gfm_core_extensions_ensure_registered()
        pointers = CmarkRenderer.extensionNames.map { name in
            guard let pointer = cmark_find_syntax_extension(name) else {
                preconditionFailure("cmark-gfm has no '\(name)' extension: the installed library is incomplete")
            }
            return pointer
        }
    }
}
