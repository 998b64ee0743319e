import DossierContent
import DossierKit
import DossierSite
import Foundation
import Testing

@Suite("The fixture dossier, built end to end")
struct SiteBuildTests {
    let fixture = TestSupport.fixture("mini")

    @Test("builds without diagnostics and writes one page per document")
    func pages() throws {
        let (output, result) = try TestSupport.build(fixture)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.sorted)")
        let files = TestSupport.files(under: output)
        for expected in [
            "index.html", "assets/style.css",
            "incidents/index.html", "incidents/river-ambush/index.html", "incidents/market-blast/index.html",
            "actors/index.html", "actors/red-brigade/index.html", "actors/army/index.html",
            "actors/general-smith/index.html",
            "sources/index.html", "sources/daily-news/index.html", "sources/wire/index.html",
            "articles/index.html", "articles/convoy-hit/index.html", "articles/market-report/index.html",
            "articles/undated-roundup/index.html",
        ] {
            #expect(files.contains(expected), "missing \(expected)")
        }
    }

    @Test("every internal link on every page points at a generated file")
    func noBrokenLinks() throws {
        let (output, _) = try TestSupport.build(fixture)
        let files = Set(TestSupport.files(under: output))
        var checked = 0
        for page in files where page.hasSuffix(".html") {
            for href in TestSupport.hrefs(in: TestSupport.read(output, page)) {
                guard let target = TestSupport.resolve(href, from: page) else { continue }
                #expect(files.contains(target), "\(page): broken link \(href)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    /// Does the page at `page` link to `target` (a path like `actors/army/`)?
    func links(_ output: URL, from page: String, to target: String) -> Bool {
        let html = TestSupport.read(output, page + "index.html")
        return TestSupport.hrefs(in: html).contains { TestSupport.resolve($0, from: page + "index.html") == target + "index.html" }
    }

    @Test("relationships show on both pages")
    func bothDirections() throws {
        let (output, _) = try TestSupport.build(fixture)
        let pairs: [(String, String, String)] = [
            // incident <-> actors
            ("incidents/river-ambush/", "actors/red-brigade/", "incident-actor"),
            ("incidents/river-ambush/", "actors/army/", "incident-actor"),
            ("incidents/market-blast/", "actors/army/", "incident-actor"),
            // incident <-> articles
            ("incidents/river-ambush/", "articles/convoy-hit/", "incident-article"),
            ("incidents/market-blast/", "articles/market-report/", "incident-article"),
            ("incidents/market-blast/", "articles/undated-roundup/", "incident-article"),
            ("incidents/river-ambush/", "articles/undated-roundup/", "incident-article"),
            // article <-> source
            ("articles/convoy-hit/", "sources/daily-news/", "article-source"),
            ("articles/market-report/", "sources/wire/", "article-source"),
            // article <-> actors
            ("articles/convoy-hit/", "actors/red-brigade/", "article-actor"),
            ("articles/market-report/", "actors/army/", "article-actor"),
            // actor <-> actor affiliation
            ("actors/red-brigade/", "actors/general-smith/", "affiliation"),
        ]
        for (a, b, relation) in pairs {
            #expect(links(output, from: a, to: b), "\(relation): \(a) does not link to \(b)")
            #expect(links(output, from: b, to: a), "\(relation): \(b) does not link back to \(a)")
        }
        // source -> incidents its articles cover
        #expect(links(output, from: "sources/wire/", to: "incidents/market-blast/"))
        #expect(links(output, from: "sources/wire/", to: "incidents/river-ambush/"))
        #expect(!links(output, from: "sources/daily-news/", to: "incidents/market-blast/"))
        // unrelated pages do not link
        #expect(!links(output, from: "actors/general-smith/", to: "incidents/river-ambush/"))
    }

    @Test("roles show on the incident and on the actor page")
    func roles() throws {
        let (output, _) = try TestSupport.build(fixture)
        let incident = TestSupport.read(output, "incidents/river-ambush/index.html")
        #expect(incident.contains("<dt>Perpetrator</dt>\n<dd><a href=\"../../actors/red-brigade/\">Red Brigade</a></dd>"))
        let actor = TestSupport.read(output, "actors/army/index.html")
        // Incidents sorted by date: the January blast before the March ambush.
        let blast = try #require(actor.range(of: "Blast at the central market"))
        let ambush = try #require(actor.range(of: "Ambush at the river crossing"))
        #expect(blast.lowerBound < ambush.lowerBound)
        #expect(actor.contains("responder"))
        #expect(actor.contains("target"))
    }

    @Test("lists are sorted by date then slug, undated last")
    func ordering() throws {
        let (output, _) = try TestSupport.build(fixture)
        let index = TestSupport.read(output, "articles/index.html")
        let order = ["Market blast: what we know", "Convoy hit at river", "Weekly roundup"].map {
            index.range(of: $0)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
    }

    @Test("pages are valid HTML5 landmarks with lang, and text is escaped")
    func landmarks() throws {
        let (output, _) = try TestSupport.build(fixture)
        let page = TestSupport.read(output, "articles/market-report/index.html")
        #expect(page.hasPrefix("<!doctype html>\n<html lang=\"en\">\n"))
        #expect(page.contains("<main id=\"main\">"))
        #expect(page.contains("<header class=\"site-header\">"))
        #expect(page.contains("<nav class=\"site-nav\" aria-label=\"Sections\">"))
        #expect(page.contains("<footer class=\"site-footer\">"))
        #expect(page.contains("<h1>Market blast: what we know</h1>"))
    }

    @Test("two builds give identical bytes, with 1 or 2 threads")
    func deterministic() throws {
        let (first, _) = try TestSupport.build(fixture, threads: 1)
        let (second, _) = try TestSupport.build(fixture, threads: 2)
        let files = TestSupport.files(under: first)
        #expect(files == TestSupport.files(under: second))
        for file in files {
            let a = try Data(contentsOf: first.appendingPathComponent(file))
            let b = try Data(contentsOf: second.appendingPathComponent(file))
            #expect(a == b, "\(file) differs")
        }
    }
}
