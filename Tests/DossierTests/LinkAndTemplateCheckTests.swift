import DossierContent
import DossierDiagnostics
import DossierKit
import DossierMarkdown
import DossierTemplates
import Foundation
import Testing

@testable import DossierSite

@Suite("Link and template-key checks")
struct LinkAndTemplateCheckTests {
    @Test("the HTML scanner reads ids, hrefs and srcs with positions, and skips comments and scripts")
    func scanner() {
        let html = """
            <!doctype html>
            <p id="top"><a href="a/b/?x=1&amp;y=2#f">x</a> <A HREF='../c/'>y</A></p>
            <!-- <a href="commented/"> -->
            <img alt="i" src="i.png"><a name="old">z</a>
            <script>var s = '<a href="in-script/">';</script>
            <h2 id=plain>t</h2>
            <p name="not-an-id" class="c" data-href="x/">u</p>

            """
        let scan = HTMLScanner.scan(Array(html.utf8))
        #expect(scan.ids == ["top", "old", "plain"])
        #expect(scan.links == [
            ScannedLink(value: "a/b/?x=1&y=2#f", line: 2, column: 22),
            ScannedLink(value: "../c/", line: 2, column: 57),
            ScannedLink(value: "i.png", line: 4, column: 19),
        ])
    }

    @Test("links resolve against the page, with index.html for folders, fragments and percent-escapes")
    func resolve() {
        let page = "articles/x/index.html"
        #expect(LinkChecker.resolve("../../actors/a/", from: page) == .file("actors/a/index.html", fragment: nil))
        #expect(LinkChecker.resolve("../y/#top", from: page) == .file("articles/y/index.html", fragment: "top"))
        #expect(LinkChecker.resolve("#f%C3%A9", from: page) == .file(page, fragment: "fé"))
        #expect(LinkChecker.resolve("img%20one.png?v=2", from: page) == .file("articles/x/img one.png", fragment: nil))
        #expect(LinkChecker.resolve("../../../up/", from: page) == .outsideSite)
        #expect(LinkChecker.resolve("https://example.org/", from: page) == .external)
        #expect(LinkChecker.resolve("mailto:a@b.c", from: page) == .external)
        #expect(LinkChecker.resolve("//cdn.example.org/x.js", from: page) == .external)
        #expect(LinkChecker.resolve("", from: page) == .external)
        #expect(LinkChecker.resolve("./", from: "index.html") == .file("index.html", fragment: nil))
    }

    @Test("template tags of every form are found with their positions")
    func tags() {
        let text = "{{! a comment {{x}} }}\n{{a}} {{{b}}} {{&c}}\n  {{#d.e}}{{^f}}{{/f}}{{/d.e}} {{>partial}} {{$block}}{{/block}} {{<base}}{{/base}}\n{{ g }} {{uppercased(h)}} {{.}}\n"
        let tags = TemplateKeyCheck.tags(in: text).map { "\($0.name)@\($0.line):\($0.column)" }
        #expect(tags == ["a@2:1", "b@2:7", "c@2:15", "d@3:3", "f@3:11", "g@4:1", "h@4:9", ".@4:27"])
        let diagnostics = TemplateKeyCheck.check(text, path: "t.mustache", known: ["a", "b", "c", "d", "f", "g"])
        #expect(diagnostics.sorted.map(\.description) == ["t.mustache:4:9: error: template names 'h', which no view model provides (did you mean 'a'?)"])
    }

    @Test("the built-in templates name only declared view-model keys, and reflection finds no undeclared property")
    func builtInTemplatesAndDeclaredKeys() throws {
        for (name, text) in EmbeddedTemplates.files where name.hasSuffix(".mustache") {
            let problems = TemplateKeyCheck.check(text, path: name, known: ViewModelKeys.declared)
            #expect(problems.isEmpty, "\(problems.sorted)")
        }
        // Reflect on every page of the tidy fixture: a view-model property missing from
        // `ViewModelKeys.declared` must be added there.
        let root = TrustTestSupport.fixture("tidy").path
        let (loaded, _) = ContentLoader(root: root).load()
        let content = try #require(loaded)
        let graph = GraphResolver.resolve(content).graph
        let builder = PageBuilder(graph: graph, markdown: CmarkRenderer())
        let plan = PagePlan(graph: graph)
        let reflected = ViewModelKeys.reflected(from: plan.pages.map { builder.viewModel(for: $0) })
        #expect(reflected.subtracting(ViewModelKeys.declared).isEmpty, "\(reflected.subtracting(ViewModelKeys.declared).sorted())")
        #expect(reflected.count > 40)
    }
}

@Suite("Link check of generated pages, shortcuts")
struct PageLinkShortcutTests {
    /// A page whose HTML has one link per line, so a diagnostic's line names its link.
    static func page(_ hrefs: [String], ids: [String] = []) -> HTMLScan {
        let html = ids.map { "<p id=\"\($0)\"></p>" } + hrefs.map { "<a href=\"\($0)\">x</a>" }
        return HTMLScanner.scan(Array(html.joined(separator: "\n").utf8))
    }

    @Test("resolving on the bytes gives what resolving by characters gave (random links and pages)")
    func resolveMatchesCharacterReading() {
        /// The reading `resolve` replaced: by `Character`.
        func reference(_ href: String, from pagePath: String) -> LinkChecker.Target {
            if href.isEmpty || href.hasPrefix("//") { return .external }
            if LinkChecker.resolve(href, from: "index.html") == .external { return .external }  // a scheme
            var rest = Substring(href)
            var fragment: String?
            if let hash = rest.firstIndex(of: "#") {
                fragment = String(rest[rest.index(after: hash)...])
                rest = rest[..<hash]
            }
            if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
            if rest.isEmpty { return .file(pagePath, fragment: fragment.map(LinkChecker.percentDecoded)) }
            var components = pagePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
            if rest.hasPrefix("/") {
                components = []
                rest = rest.dropFirst()
            }
            let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
            for (n, part) in parts.enumerated() {
                switch part {
                case ".": continue
                case "..":
                    guard !components.isEmpty else { return .outsideSite }
                    components.removeLast()
                case "":
                    if n == parts.count - 1 { components.append("index.html") }
                default:
                    components.append(LinkChecker.percentDecoded(String(part)))
                }
            }
            if components.isEmpty { components = ["index.html"] }
            return .file(components.joined(separator: "/"), fragment: fragment.map(LinkChecker.percentDecoded))
        }
        let pieces = ["..", ".", "", "a", "b.html", "é", "%C3%A9", "%20", "x y", "中文", "...", ".a", "a.", "#", "#top", "?", "?q=1", "&amp;"]
        let pages = ["index.html", "a/index.html", "a/b/index.html", "é/x/index.html", "a/b/c/d.html"]
        var random = SeededGenerator(seed: 29)
        for _ in 0..<2000 {
            let count = Int.random(in: 0...5, using: &random)
            var href = (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined(separator: "/")
            if Int.random(in: 0..<5, using: &random) == 0 { href = "/" + href }
            if Int.random(in: 0..<4, using: &random) == 0 { href += "/" }
            let page = pages.randomElement(using: &random)!
            #expect(LinkChecker.resolve(href, from: page) == reference(href, from: page), "\(href) from \(page)")
        }
    }

    @Test("the link cache written from link numbers decodes to every page's ids, links and positions")
    func linkCacheFromNumbers() throws {
        var checker = LinkChecker()
        let scans: [String: HTMLScan] = [
            "a/index.html": Self.page(["../b/", "https://example.org/", "#k", "../b/"], ids: ["k"]),
            "b/index.html": Self.page(["../a/#k", "../zzz/", "../b/"], ids: ["m", "../b/"]),
            "c/index.html": Self.page([], ids: ["n"]),
        ]
        for path in scans.keys.sorted() { checker.add(page: path, scan: scans[path]!) }
        var encoder = LinkCheckCache.Encoder(environment: "env", linkValues: checker.linkValues)
        checker.forEachPage { page, ids, links in
            encoder.add(path: page, fingerprint: "f-" + page, excluded: "", ids: ids, links: links, problems: [])
        }
        var writer = CacheWriter()
        encoder.finish(into: &writer)
        let decoded = try #require(LinkCheckCache(decoding: writer.bytes))
        #expect(decoded.environment == "env")
        #expect(decoded.pages.count == 3)
        for (path, scan) in scans {
            #expect(decoded.pages[path]?.scan == scan, "\(path)")
            #expect(decoded.pages[path]?.fingerprint == "f-" + path)
        }
        #expect(scans["b/index.html"]!.links.map(\.line) == [3, 4, 5])  // positions that differ by link
    }

    @Test("pages added a batch at a time give the numbers, pages and problems of adding them one by one")
    func batchesAsOneByOne() {
        var random = SeededGenerator(seed: 11)
        let targets = ["../a/", "../b/#k", "../zzz/", "https://example.org/", "#m", "../c/", "../../x/"]
        var pages: [(path: String, scan: HTMLScan)] = []
        for n in 0..<300 {
            let hrefs = (0..<Int.random(in: 0...6, using: &random)).map { _ in targets.randomElement(using: &random)! + (Int.random(in: 0..<4, using: &random) == 0 ? "\(n)/" : "") }
            pages.append(("p\(n % 250)/index.html", Self.page(hrefs, ids: n % 3 == 0 ? ["k"] : ["m"])))
        }
        var single = LinkChecker(), batched = LinkChecker()
        for page in pages { single.add(page: page.path, scan: page.scan) }
        for start in stride(from: 0, to: pages.count, by: 64) {
            batched.add(pages: Array(pages[start..<min(start + 64, pages.count)]), width: 3)
        }
        // Every page once, in the order first added.
        func dump(_ checker: LinkChecker) -> [String] {
            var lines: [String] = []
            checker.forEachPage { page, ids, links in
                lines.append("\(page) \(ids.sorted()) \(links.map { "\($0.value)@\($0.line):\($0.column)" })")
            }
            return lines
        }
        #expect(batched.linkValues == single.linkValues)
        #expect(batched.linkValues.count > targets.count)  // new values keep arriving in later batches
        #expect(dump(batched) == dump(single))
        #expect(dump(single).count == 250)  // pages added twice are listed once
        #expect(
            batched.checkPages(excluding: [], width: 2, displayPath: { $0 }).sorted.map(\.description)
                == single.checkPages(excluding: [], width: 2, displayPath: { $0 }).sorted.map(\.description))
    }

    @Test("pages scanned and numbered from their bytes give what scanning to strings and adding one by one gives")
    func numberedScanAsStrings() {
        var random = SeededGenerator(seed: 23)
        // Values that differ only by a character reference, or by bytes, must stay apart or meet as
        // their decoded text does.
        let targets = [
            "../a/", "../b/#k", "../zzz/", "https://example.org/?x=1&amp;y=2", "https://example.org/?x=1&y=2", "#m",
            "../c/", "../../x/", "../caf\u{E9}/", "../cafe\u{301}/", "../a/&#35;k", "",
        ]
        var files: [RenderedFile] = []
        for n in 0..<400 {
            if n % 37 == 0 {
                files.append(RenderedFile(path: "p\(n)/data.json", bytes: Array("{\"href\": \"../a/\"}".utf8)))
                continue
            }
            var html = n % 5 == 0 ? "<p id=\"k\">\n<a name=\"m&amp;n\"></a>" : "<p id=\"m\">"
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                let target = targets.randomElement(using: &random)! + (Int.random(in: 0..<5, using: &random) == 0 ? "\(n)/" : "")
                html += Int.random(in: 0..<3, using: &random) == 0 ? "\n<img src='\(target)'>" : " <a href=\"\(target)\">x</a>"
            }
            files.append(RenderedFile(path: "p\(n % 300)/index.html", bytes: Array(html.utf8)))
        }
        var strings = LinkChecker(), numbered = LinkChecker()
        for file in files {
            if file.path.hasSuffix(".html") {
                strings.add(page: file.path, scan: HTMLScanner.scan(file.bytes))
            } else {
                strings.addFile(file.path)
            }
        }
        for start in stride(from: 0, to: files.count, by: 50) {
            let batch = Array(files[start..<min(start + 50, files.count)])
            var pages: [(path: String, scan: LinkChecker.PageScan)] = []
            for (file, scan) in zip(batch, numbered.scan(batch, width: 3)) {
                if let scan { pages.append((file.path, scan)) } else { numbered.addFile(file.path) }
            }
            numbered.add(scanned: pages)
        }
        func dump(_ checker: LinkChecker) -> [String] {
            var lines: [String] = []
            checker.forEachPage { page, ids, links in
                lines.append("\(page) \(ids.sorted()) \(links.map { "\(checker.linkValues[Int($0.value)])@\($0.line):\($0.column)" })")
            }
            return lines
        }
        #expect(numbered.linkValues == strings.linkValues)
        #expect(numbered.linkValues.contains("https://example.org/?x=1&y=2"))
        #expect(numbered.linkValues.contains("../caf\u{E9}/") && numbered.linkValues.count > targets.count)
        #expect(dump(numbered) == dump(strings))
        #expect(numbered.files == strings.files)
        let problems = numbered.checkPages(excluding: [], width: 2, displayPath: { $0 }).sorted.map(\.description)
        #expect(!problems.isEmpty)
        #expect(problems == strings.checkPages(excluding: [], width: 2, displayPath: { $0 }).sorted.map(\.description))
    }

    @Test("pages' links are kept page by page, in order, each distinct value once")
    func pagesKeptInOrder() {
        var checker = LinkChecker()
        checker.add(page: "a/index.html", scan: Self.page(["../b/", "../c/"], ids: ["k"]))
        checker.add(page: "b/index.html", scan: Self.page([], ids: ["m"]))
        checker.add(page: "c/index.html", scan: Self.page(["../b/"]))
        checker.add(page: "c/index.html", scan: Self.page(["../a/#k", "../zzz/"]))  // the same page again: appended
        checker.add(page: "a/index.html", scan: Self.page(["../d/"], ids: ["j"]))  // again, later: its new ids, both links
        var seen: [String] = []
        checker.forEachPage { page, ids, links in
            seen.append("\(page) \(ids.sorted()) \(links.map { checker.linkValues[Int($0.value)] })")
        }
        #expect(checker.linkValues == ["../b/", "../c/", "../a/#k", "../zzz/", "../d/"])
        #expect(seen == [
            "a/index.html [\"j\"] [\"../b/\", \"../c/\", \"../d/\"]",
            "b/index.html [\"m\"] []",
            "c/index.html [] [\"../b/\", \"../a/#k\", \"../zzz/\"]",
        ])
        let found = checker.checkPages(excluding: [], width: 2, displayPath: { $0 })
        #expect(
            found.errors.map { "\($0.location.path):\($0.location.line)" }
                == ["a/index.html:2", "c/index.html:1", "c/index.html:2"])  // a lost its id k
    }

    @Test("a link that resolves from one page is still checked from pages where it does not")
    func sharedLinksStillChecked() {
        var checker = LinkChecker()
        checker.add(page: "x/index.html", scan: Self.page([], ids: ["ok"]))
        // Eight pages with links, checked in chunks of two pages: the first two share a chunk, and so
        // its memory of resolved links.
        checker.add(page: "a/b/c/index.html", scan: Self.page(["../../../x/"]))
        checker.add(page: "a/b/index.html", scan: Self.page(["../../../x/"]))  // above the root
        checker.add(page: "articles/p/index.html", scan: Self.page(["../../x/#ok", "../q/"]))
        checker.add(page: "articles/q/index.html", scan: Self.page(["../../x/#nope", "../zzz/", "../q/"]))
        for filler in ["f1", "f2", "f3", "f4"] { checker.add(page: "\(filler)/index.html", scan: Self.page(["../x/"])) }
        let found = checker.checkPages(excluding: [], width: 1, displayPath: { $0 })
        #expect(found.errors.map { "\($0.location.path):\($0.location.line)" }
            == ["a/b/index.html:1", "articles/q/index.html:1", "articles/q/index.html:2"])
    }

    @Test("the shortcut reports exactly what checking every link on its own reports (random sites)")
    func agreesWithLinkByLink() {
        var random = SeededGenerator(seed: 7)
        let folders = ["", "a/", "a/b/", "a/c/", "a/b/d/", "e/", "e/f/"]
        let targets = ["", "a/", "a/b/", "x/", "e/f/", "a/b/d/", "index.html", "a/c/index.html", "a/b/#k", "e/#k"]
        // Links whose meaning does not depend on the folder (checked without climbing or a root).
        let whole = [
            "#k", "#nope", "#", "?q=1", "https://example.org/a", "//cdn.example.org/x.js", "mailto:desk@example.org",
            "javascript:alert(1)", "java\tscript:alert(1)", "JavaScript:void(0)", "../#k", "#%6B",
        ]
        for _ in 0..<40 {
            var checker = LinkChecker()
            var pages: [(String, [String])] = []
            for folder in folders {
                let hrefs = (0..<12).map { _ -> String in
                    if Int.random(in: 0..<4, using: &random) == 0 { return whole.randomElement(using: &random)! }
                    let climbs = Int.random(in: 0...4, using: &random)
                    let root = Int.random(in: 0..<6, using: &random) == 0
                    let target = targets.randomElement(using: &random)!
                    return root ? "/" + target : String(repeating: "../", count: climbs) + target
                }
                pages.append((folder + "index.html", hrefs))
                checker.add(page: folder + "index.html", scan: Self.page(hrefs, ids: ["k"]))
            }
            var expected: [String] = []
            for (page, hrefs) in pages {
                for (n, href) in hrefs.enumerated()
                where ScriptURL.isBlocked(href) || checker.problem(with: href, from: page) != nil {
                    expected.append("\(page):\(n + 2)")
                }
            }
            for width in [1, 3] {
                let found = checker.checkPages(excluding: [], width: width, displayPath: { $0 })
                #expect(found.errors.map { "\($0.location.path):\($0.location.line)" } == expected)
            }
        }
    }

    @Test("content links: the shortcut reports exactly what checking every link on its own reports (random sites)")
    func contentLinksAgree() {
        var random = SeededGenerator(seed: 13)
        let folders = ["", "a/", "a/b/", "e/", "e/f/"]
        let targets = ["", "a/", "a/b/", "x/", "e/f/", "index.html", "a/b/#k", "e/#k"]
        for _ in 0..<40 {
            var checker = LinkChecker()
            for folder in folders { checker.add(page: folder + "index.html", scan: Self.page([], ids: ["k"])) }
            var links: [ContentLink] = []
            for n in 0..<60 {
                let folder = folders.randomElement(using: &random)!
                let href = String(repeating: "../", count: Int.random(in: 0...3, using: &random)) + targets.randomElement(using: &random)!
                links.append(ContentLink(page: folder + "index.html", href: href, location: DossierDiagnostics.SourceLocation(path: "c.md", line: n + 1)))
            }
            let expected = links.filter { checker.problem(with: $0.href, from: $0.page) != nil }.map(\.location.line)
            #expect(checker.check(links).errors.map(\.location.line) == expected)
        }
    }
}
