import DossierDiagnostics
import Testing

@testable import DossierMarkdown

@Suite("Markdown through cmark-gfm")
struct MarkdownRendererTests {
    let safe = CmarkRenderer()
    let unsafe = CmarkRenderer(options: MarkdownOptions(unsafeHTML: true))

    func html(_ text: String, _ renderer: CmarkRenderer = CmarkRenderer(), root: String = "../../") -> String {
        renderer.render(MarkdownInput(text, siteRoot: root)).html
    }

    @Test("tables render with alignment")
    func table() {
        let out = html("| a | b |\n|---|--:|\n| 1 | 2 |\n")
        #expect(out.contains("<table>"))
        #expect(out.contains("<th>a</th>"))
        #expect(out.contains("<td style=\"text-align: right\">2</td>"))
    }

    @Test("strikethrough")
    func strikethrough() {
        #expect(html("~~gone~~") == "<p><del>gone</del></p>\n")
    }

    @Test("autolinks bare URLs")
    func autolink() {
        #expect(html("see www.example.org now") == "<p>see <a href=\"http://www.example.org\">www.example.org</a> now</p>\n")
    }

    @Test("task lists")
    func tasklist() {
        let out = html("- [x] done\n- [ ] open\n")
        #expect(out.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> done"))
        #expect(out.contains("<input type=\"checkbox\" disabled=\"\" /> open"))
    }

    @Test("footnotes")
    func footnotes() {
        let out = html("Claim.[^1]\n\n[^1]: The source.\n")
        #expect(out.contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup>"))
        #expect(out.contains("<section class=\"footnotes\" data-footnotes>"))
        #expect(out.contains("The source."))
    }

    @Test("raw HTML is omitted by default")
    func safeMode() {
        let out = html("<b>bold</b> and\n\n<div onclick=\"x()\">block</div>\n")
        #expect(!out.contains("<b>"))
        #expect(!out.contains("onclick"))
        #expect(out.contains("<!-- raw HTML omitted -->"))
    }

    @Test("opting in passes raw HTML, and tagfilter still neutralises dangerous tags")
    func unsafeModeWithTagfilter() {
        let out = html("<b>bold</b>\n\n<script>alert(1)</script>\n", unsafe)
        #expect(out.contains("<b>bold</b>"))
        #expect(!out.contains("<script>"))
        #expect(out.contains("&lt;script>"))
    }

    @Test("root-relative links become relative to the page")
    func linkRewriting() {
        let rendered = safe.render(MarkdownInput("[x](/incidents/a/) [y](https://e.org/) [z](//cdn.e.org/)", siteRoot: "../../"))
        #expect(rendered.html.contains("href=\"../../incidents/a/\""))
        #expect(rendered.html.contains("href=\"https://e.org/\""))
        #expect(rendered.links == ["../../incidents/a/", "https://e.org/", "//cdn.e.org/"])
    }

    @Test("NUL bytes become U+FFFD and other characters pass through, without cmark's UTF-8 check")
    func nulAndUnicode() {
        let out = html("a\u{0}b é 日本 \u{1F600}\n\n\u{0}")
        #expect(out == "<p>a\u{FFFD}b é 日本 \u{1F600}</p>\n<p>\u{FFFD}</p>\n")
        #expect(!out.utf8.contains(0))
    }

    @Test("the byte check of script-capable schemes answers as the scalar check on random URLs")
    func blockedSchemeFastPath() {
        // Pieces of schemes, separators, padding, and letters beyond ASCII (the Kelvin sign K
        // lower-cases to an ASCII k) before and after the colon.
        let pieces = ["java", "JAVA", "script", "Script", "vb", "VB", "data", "DaTa", "http", "s", ":", "::", "/", "//",
            " ", "\t", "\u{1}", "\u{7F}", "+", "-", ".", "_", "é", "\u{212A}", "İ", "0", "9", "?", "#", "%3A", "javascript:"]
        var random = SystemRandomNumberGenerator()
        var blocked = 0
        for _ in 0..<20_000 {
            let url = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let expected = LinkRewriter.scalarsAreBlocked(url)
            #expect(LinkRewriter.isBlocked(url) == expected, "\(url.debugDescription)")
            if expected { blocked += 1 }
        }
        #expect(blocked > 0)
        #expect(LinkRewriter.isBlocked(" Java\tScript:alert(1)"))
        #expect(LinkRewriter.isBlocked("DATA:x"))
        #expect(!LinkRewriter.isBlocked("javascripts:x"))
        #expect(!LinkRewriter.isBlocked("d\u{E9}ta:x"))
    }

    @Test("script-capable URL schemes are dropped, in safe and unsafe mode", arguments: [false, true])
    func blockedSchemes(unsafeHTML: Bool) {
        let renderer = CmarkRenderer(options: MarkdownOptions(unsafeHTML: unsafeHTML))
        for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4="] {
            let out = html("[click](\(url)) ![img](\(url))", renderer)
            #expect(!out.lowercased().contains("javascript:"), "\(url)")
            #expect(!out.lowercased().contains("vbscript:"), "\(url)")
            #expect(!out.lowercased().contains("data:"), "\(url)")
        }
    }

    @Test("one block element per line")
    func blocksPerLine() {
        let out = html("# Title\n\nPara one.\n\n- a\n- b\n")
        #expect(out == "<h1>Title</h1>\n<p>Para one.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
    }
}

@Suite("Markdown from many threads")
struct MarkdownConcurrencyTests {
    /// cmark-gfm keeps the extensions' special characters in a global table that every parse
    /// switches on and off; unless `CmarkExtensions` stops that, parallel parses lose autolinks
    /// and strikethrough at random.
    @Test("parallel renders give the same HTML as a serial render, autolinks included")
    func parallelRendersAgree() {
        let renderer = CmarkRenderer()
        let text = (0..<40).map { "Line \($0): see www.example.org, ~~old~~ and a | b text.\n\n" }.joined()
        let expected = renderer.render(MarkdownInput(text)).html
        #expect(expected.components(separatedBy: "<a href=\"http://www.example.org\">").count == 41)
        #expect(expected.components(separatedBy: "<del>old</del>").count == 41)
        let inputs = [MarkdownInput](repeating: MarkdownInput(text), count: 400)
        let outputs = DossierDiagnostics.Parallel.map(inputs, width: 4) { renderer.render($0).html }
        #expect(outputs.allSatisfy { $0 == expected })
    }

    /// Documents are parsed in a per-thread arena (`cmark_arena.h`), taken back after each one.
    @Test("a large document's memory is taken back after it, and the next document renders as usual")
    func arenaTakenBack() {
        let renderer = CmarkRenderer()
        // About 0.6 MB of Markdown: its nodes and its HTML need several 256 KiB chunks.
        let big = (0..<8000).map { "Paragraph \($0) with *emphasis*, `code` and [a link](/x/\($0)/).\n\n" }.joined()
        let html = renderer.render(MarkdownInput(big)).html
        #expect(html.components(separatedBy: "<em>emphasis</em>").count == 8001)
        #expect(html.hasSuffix("<p>Paragraph 7999 with <em>emphasis</em>, <code>code</code> and <a href=\"x/7999/\">a link</a>.</p>\n"))
        #expect(CmarkRenderer.arenaBytesHeld > 0)
        #expect(CmarkRenderer.arenaBytesHeld <= 256 * 1024)
        #expect(renderer.render(MarkdownInput("*x* ~~y~~ www.example.org")).html
            == "<p><em>x</em> <del>y</del> <a href=\"http://www.example.org\">www.example.org</a></p>\n")
    }
}
