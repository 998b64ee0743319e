import DossierContent
import DossierDiagnostics
import DossierKit
import DossierMarkdown
import DossierOutput
import DossierSite
import Foundation
import Testing

@Suite("Safety")
struct SafetyTests {
    typealias S = TrustTestSupport

    @Test("raw HTML is omitted unless the dossier opts in")
    func rawHTML() {
        let text = "<div class=\"x\">kept?</div>\n\nText <b>bold</b> and <script>alert(1)</script>\n"
        let safe = CmarkRenderer().render(MarkdownInput(text)).html
        #expect(!safe.contains("<div"))
        #expect(!safe.contains("<b>"))
        #expect(!safe.contains("<script"))
        #expect(safe.contains("<!-- raw HTML omitted -->"))
        let unsafe = CmarkRenderer(options: MarkdownOptions(unsafeHTML: true)).render(MarkdownInput(text)).html
        #expect(unsafe.contains("<div class=\"x\">kept?</div>"))
        #expect(unsafe.contains("<b>bold</b>"))
        // GFM's tagfilter still disarms <script> when raw HTML is allowed.
        #expect(!unsafe.contains("<script>"))
    }

    @Test("javascript:, vbscript: and data: links are dropped, in any case, with padding, also in unsafe mode")
    func scriptLinks() {
        let text = """
            [a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](java&#x09;script:alert(3)) [d](VBScript:msgbox)
            [e](data:text/html;base64,PHNjcmlwdD4=) ![f](DATA:image/svg+xml,x) [g](<  javascript:alert(4)>)
            [ok](https://example.org/) [rel](/actors/x/)

            """
        for unsafe in [false, true] {
            let rendered = CmarkRenderer(options: MarkdownOptions(unsafeHTML: unsafe)).render(MarkdownInput(text, siteRoot: "../../"))
            let lower = rendered.html.lowercased()
            for scheme in ["javascript:", "vbscript:", "data:", "java\tscript:", "java&#x09;script"] {
                #expect(!lower.contains(scheme), "\(scheme) survived (unsafe: \(unsafe))")
            }
            #expect(rendered.html.contains("href=\"https://example.org/\""))
            #expect(rendered.html.contains("href=\"../../actors/x/\""))
            #expect(rendered.links.filter(\.isEmpty).count == 7)
        }
    }

    @Test("a javascript: link in raw HTML (unsafe mode) is an error in the generated page")
    func scriptLinkInRawHTML() throws {
        let root = try S.dossier([
            "dossier.yml": "title: T\nmarkdown:\n  unsafe_html: true\n",
            "content/actors/army.md": "---\nname: Army\n---\n<a href=\"JavaScript:alert(1)\">x</a>\n",
        ])
        let errors = S.errors(root)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("public/actors/army/index.html:") == true)
        #expect(errors.first?.hasSuffix("error: generated page: link uses a URL scheme that can run code (javascript:, vbscript: or data:)") == true)
    }

    @Test("template values are escaped in text, attributes and URLs")
    func escaping() throws {
        let hostile = #""><script>alert(1)</script><a x=""#
        let root = try S.dossier([
            "dossier.yml": "title: '\(hostile)'\ndescription: '\(hostile)'\n",
            "content/sources/wire.md": "---\nname: '\(hostile)'\nurl: javascript:alert(1)\n---\n",
            "content/articles/report.md": """
                ---
                title: '\(hostile)'
                source: wire
                url: 'https://example.org/?q="><script>alert(2)</script>'
                author: "<img src=x onerror=alert(3)>"
                incidents: [blast]
                ---
                Body.

                """,
        ])
        let output = try S.temporaryFolder("out").appendingPathComponent("public")
        let result = S.build(root, output: output)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        var pages = 0
        for path in InventoryList.files(output) where path.hasSuffix(".html") {
            let html = try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
            pages += 1
            #expect(!html.contains("<script"), "\(path) has a script element")
            #expect(!html.contains("<img"), "\(path) has an injected element")
            #expect(!html.lowercased().contains("javascript:"), "\(path) has a javascript: URL")
        }
        #expect(pages == 9)
        let article = try String(contentsOf: output.appendingPathComponent("articles/report/index.html"), encoding: .utf8)
        #expect(article.contains("<h1>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a x=&quot;</h1>"))
        #expect(article.contains("<a href=\"https://example.org/?q=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\" rel=\"external nofollow\">"))
        #expect(article.contains("<meta name=\"description\" content=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a x=&quot;\">"))
        let source = try String(contentsOf: output.appendingPathComponent("sources/wire/index.html"), encoding: .utf8)
        #expect(!source.contains("Web site"), "a javascript: url must not be linked")
    }

    @Test("output folders that would damage the dossier are refused")
    func outputSafety() throws {
        let root = try S.dossier()
        let home = try S.temporaryFolder("home")
        func problem(_ output: String) -> String? {
            OutputSafety.problem(output: URL(fileURLWithPath: output), source: root, home: home.path)
        }
        #expect(problem(root.path) == "refusing to use the dossier folder itself as the output folder")
        #expect(problem(root.path + "/.") == "refusing to use the dossier folder itself as the output folder")
        #expect(problem(root.deletingLastPathComponent().path) == "refusing to use a folder that contains the dossier as the output folder")
        #expect(problem(root.path + "/content/site") == "refusing to use a folder inside content/ as the output folder")
        #expect(problem(root.path + "/content") == "refusing to use a folder inside content/ as the output folder")
        #expect(problem(root.path + "/static/out") == "refusing to use a folder inside static/ as the output folder")
        #expect(problem("/") == "refusing to use '/' as the output folder")
        #expect(problem(home.path) == "refusing to use the home folder as the output folder")
        #expect(problem(root.path + "/public") == nil)
        #expect(problem(home.path + "/site") == nil)
        // Through a symbolic link to the dossier.
        let link = home.path + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: root.path)
        #expect(problem(link) == "refusing to use the dossier folder itself as the output folder")

        // The pipeline refuses before it reads or writes anything.
        let before = S.snapshot(root)
        let result = S.build(root, output: root.appendingPathComponent("content"))
        #expect(result.diagnostics.sorted.map(\.message) == ["refusing to use a folder inside content/ as the output folder"])
        #expect(S.snapshot(root) == before)
    }

    @Test("generated paths and crafted file names cannot leave the output folder")
    func containedPaths() throws {
        for bad in [
            "../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a\\..\\b", "a\u{0}b", "", "a/", "a/.", "..",
            // A slash with a combining mark after it is one Character that is not "/".
            "/\u{301}etc/passwd", "a//\u{301}b",
        ] {
            #expect(!OutputPath.isContained(bad), "\(bad)")
        }
        for good in ["actors/x/index.html", "index.html", "a/..b/.c/...", "a/\u{301}b", "é/ü.html"] {
            #expect(OutputPath.isContained(good), "\(good)")
        }
        #expect(OutputPath.parent(of: "actors/x/index.html") == "actors/x")
        #expect(OutputPath.parent(of: "index.html") == nil)
        #expect(OutputPath.parent(of: "a/\u{301}b").map { Array($0.utf8) } == Array("a".utf8))
        let root = try S.dossier(["content/actors/..%2F..%2Fescape.md": "---\nname: X\n---\n", "content/actors/-x.md": "---\nname: X\n---\n"])
        let errors = S.errors(root)
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.contains("is not a valid slug") })
        let staged = try StagedOutput(output: try S.temporaryFolder("out").appendingPathComponent("public"))
        #expect(throws: StagedOutput.Failure.self) { try staged.write(path: "../outside.html", bytes: [1]) }
        staged.abort()
    }

    /// The node budget refuses the document before expanding it (the error says so); the time limit
    /// only stops a run that would expand it after all. No timing is asserted.
    @Test("a billion-laughs YAML document is refused before it is expanded", .timeLimit(.minutes(1)))
    func billionLaughs() throws {
        var yaml = "name: &a0 [\"lol\"]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "l\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let root = try S.dossier(["content/actors/laughs.md": "---\n\(yaml)---\n"])
        let errors = S.errors(root)
        #expect(errors == [
            "content/actors/laughs.md:2:1: error: YAML expands to more than 200000 nodes (too many aliases?); refusing to expand it"
        ])
    }

    /// No timing is asserted (timings belong to the benchmark script, not the tests); the time limit
    /// only stops a build that would hang, as a quadratic step on this input would.
    @Test("a 50 MB article builds without trouble", .timeLimit(.minutes(10)))
    func hugeArticle() throws {
        let paragraph = String(repeating: "The convoy was hit near the market and the toll is disputed. ", count: 16) + "\n\n"
        let count = 50_000_000 / paragraph.utf8.count + 1
        var body = ""
        body.reserveCapacity(count * paragraph.utf8.count)
        for _ in 0..<count { body += paragraph }
        let root = try S.dossier(["content/articles/huge.md": "---\ntitle: Huge\nsource: wire\n---\n" + body])
        let output = try S.temporaryFolder("out").appendingPathComponent("public")
        let result = S.build(root, output: output)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.prefix(3))")
        let size = (try? FileManager.default.attributesOfItem(atPath: output.path + "/articles/huge/index.html")[.size] as? Int) ?? 0
        #expect(size > 50_000_000)
    }

    @Test("a front matter of 10,000 keys fails cleanly, with every unknown field reported", .timeLimit(.minutes(5)))
    func tenThousandKeys() throws {
        var yaml = "name: Many\n"
        for n in 0..<10_000 { yaml += "key\(n): \(n)\n" }
        let root = try S.dossier(["content/actors/many.md": "---\n\(yaml)---\n"])
        let errors = S.errors(root)
        #expect(errors.count == 10_000)
        #expect(errors.first == "content/actors/many.md:3:1: error: unknown field 'key0'")
    }
}

/// Lists the files of a folder, sorted.
enum InventoryList {
    static func files(_ folder: URL) -> [String] {
        OutputInventory.listFiles(folder.path).sorted()
    }
}
