import DossierKit
import DossierSite
import Foundation
import Testing

/// A dossier in a temporary folder, built with the real pipeline.
struct TemporaryDossier {
    let root: URL

    init(_ files: [String: String]) throws {
        root = try ScratchFolders.make("dossier-analyst")
        for (path, text) in files { try write(path, Array(text.utf8)) }
    }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func check() -> [String] {
        Pipeline(options: BuildOptions(source: root.path, write: false, threads: 2)).run().diagnostics.sorted.map(\.description)
    }

    func build() -> (diagnostics: [String], output: URL) {
        let output = root.appendingPathComponent("public")
        let result = Pipeline(options: BuildOptions(source: root.path, output: output.path, threads: 2)).run()
        return (result.diagnostics.sorted.map(\.description), output)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite("Analyst layer in the pipeline")
struct AnalystPipelineTests {
    static let original = "Armed men attacked the school. The army said “the terrorists have been neutralised”.\n"
    static let originalSHA = ArchiveCheck.sha256Hex(Array(original.utf8))

    static func files(excerpt: String, sha: String = originalSHA) -> [String: String] {
        [
            "dossier.yml": "title: Test\n",
            "content/sources/wire.md": "---\nname: Wire\n---\n",
            "content/actors/army.md": "---\nname: Army\naliases: [\"the army\"]\n---\n",
            "content/articles/report.md": """
                ---
                title: Report
                source: wire
                archive: report.original.txt
                sha256: \(sha)
                ---
                Armed men attacked the *school*. The army said “the terrorists have been neutralised”.

                """,
            "content/articles/report.original.txt": original,
            "content/incidents/attack.md": """
                ---
                title: Attack
                claims:
                  - id: army-neutralised
                    claimant: army
                    statement: "The attackers were neutralised."
                    figures: {killed: "at least 2"}
                    reported_in:
                      - article: report
                        excerpt: "\(excerpt)"
                quotes:
                  - speaker: army
                    text: "the terrorists have been neutralised"
                    reported_in: [{article: report, excerpt: "the terrorists have been neutralised"}]
                timeline:
                  - {at: "2024-09-17", precision: day, kind: happened, text: "The attack.", sources: [report]}
                ---

                """,
        ]
    }

    @Test("excerpts are found in the article's text, whatever its Markdown; the site shows claims, quotes and provenance")
    func builds() throws {
        let dossier = try TemporaryDossier(Self.files(excerpt: "Armed men attacked the school."))
        defer { dossier.remove() }
        let (diagnostics, output) = dossier.build()
        #expect(diagnostics == [])
        let copy = try Data(contentsOf: output.appendingPathComponent("articles/report/original.txt"))
        #expect(copy == Data(Self.original.utf8))
        let article = try String(contentsOf: output.appendingPathComponent("articles/report/index.html"), encoding: .utf8)
        #expect(article.contains("<code>\(Self.originalSHA)</code> (verified at build)"))
        #expect(article.contains("<a href=\"../../articles/report/original.txt\">original text</a>"))
        #expect(article.contains("The <a href=\"../../actors/army/\">army</a>") == false)  // alias is "the army", case-sensitive
        let incident = try String(contentsOf: output.appendingPathComponent("incidents/attack/index.html"), encoding: .utf8)
        #expect(incident.contains("<caption>Killed: 2 or more"))
        #expect(incident.contains("<blockquote><p>the terrorists have been neutralised</p></blockquote>"))
        let actor = try String(contentsOf: output.appendingPathComponent("actors/army/index.html"), encoding: .utf8)
        #expect(actor.contains("id=\"claim-army-neutralised\""))
    }

    @Test("an excerpt missing from the article is an error at the excerpt")
    func missingExcerpt() throws {
        let dossier = try TemporaryDossier(Self.files(excerpt: "Armed men attacked the airport."))
        defer { dossier.remove() }
        #expect(dossier.check() == [
            "content/incidents/attack.md:10:18: error: excerpt not found in the text of article 'report' (content/articles/report.md)"
        ])
    }

    @Test("a SHA-256 that does not match the archive is an error at the sha256 field")
    func shaMismatch() throws {
        let wrong = String(repeating: "0", count: 64)
        let dossier = try TemporaryDossier(Self.files(excerpt: "Armed men attacked the school.", sha: wrong))
        defer { dossier.remove() }
        #expect(dossier.check() == [
            "content/articles/report.md:5:9: error: SHA-256 mismatch for 'content/articles/report.original.txt': the file's is \(Self.originalSHA); the archive changed or the field is wrong"
        ])
    }

    @Test("an archive must be a plain file name that exists, and a claimant an actor")
    func badReferences() throws {
        var files = Self.files(excerpt: "Armed men attacked the school.")
        files["content/articles/report.md"] = files["content/articles/report.md"]!
            .replacingOccurrences(of: "archive: report.original.txt", with: "archive: ../report.original.txt")
        files["content/incidents/attack.md"] = files["content/incidents/attack.md"]!
            .replacingOccurrences(of: "claimant: army", with: "claimant: armi")
            .replacingOccurrences(of: "- id: army-neutralised", with: "- id: army-neutralised\n    date: 2024-09-17")
        let dossier = try TemporaryDossier(files)
        defer { dossier.remove() }
        #expect(dossier.check() == [
            "content/articles/report.md:4:10: error: archive must be a plain file name beside the article (no '/', no '..'), not '../report.original.txt'",
            "content/incidents/attack.md:6:15: error: unknown actor 'armi' (did you mean 'army'?)",
        ])
    }

    @Test("claim ids are unique; timeline sources and quote speakers must exist")
    func duplicatesAndUnknowns() throws {
        var files = Self.files(excerpt: "Armed men attacked the school.")
        files["content/incidents/attack.md"] = files["content/incidents/attack.md"]!
            .replacingOccurrences(of: "quotes:\n", with: """
                  - id: army-neutralised
                    claimant: {anonymous: "a witness"}
                    statement: "Again."
                    reported_in: [{article: reprot}]
                quotes:

                """)
            .replacingOccurrences(of: "- speaker: army", with: "- speaker: navy")
            .replacingOccurrences(of: "sources: [report]", with: "sources: [reports]")
        let dossier = try TemporaryDossier(files)
        defer { dossier.remove() }
        #expect(dossier.check() == [
            "content/incidents/attack.md:11:9: error: duplicate claim id 'army-neutralised'",
            "content/incidents/attack.md:14:29: error: unknown article 'reprot' (did you mean 'report'?)",
            "content/incidents/attack.md:16:14: error: unknown actor 'navy'",
            "content/incidents/attack.md:20:87: error: unknown article 'reports' (did you mean 'report'?)",
        ])
    }

    @Test("quotes that differ only in spelling are merged into one, keeping each article's words")
    func quoteMerge() throws {
        var files = Self.files(excerpt: "Armed men attacked the school.")
        files["content/incidents/attack.md"] = files["content/incidents/attack.md"]!
            .replacingOccurrences(of: "timeline:\n", with: """
                  - speaker: army
                    text: "The terrorists have been neutralized!"
                    reported_in: [{article: report, excerpt: "have been neutralised"}]
                timeline:

                """)
        let dossier = try TemporaryDossier(files)
        defer { dossier.remove() }
        let (diagnostics, output) = dossier.build()
        #expect(diagnostics == [])
        let incident = try String(contentsOf: output.appendingPathComponent("incidents/attack/index.html"), encoding: .utf8)
        #expect(incident.components(separatedBy: "<blockquote>").count == 2)
        #expect(incident.contains("<q>the terrorists have been neutralised</q>"))
        #expect(incident.contains("<q>have been neutralised</q>"))
    }

    @Test("mentioned actors join the article's actors")
    func mentionsJoinGraph() throws {
        var files = Self.files(excerpt: "Armed men attacked the school.")
        files["content/actors/army.md"] = "---\nname: Army\naliases: [\"Armed men\"]\n---\n"
        let dossier = try TemporaryDossier(files)
        defer { dossier.remove() }
        let (diagnostics, output) = dossier.build()
        #expect(diagnostics == [])
        let article = try String(contentsOf: output.appendingPathComponent("articles/report/index.html"), encoding: .utf8)
        #expect(article.contains("<p><a href=\"../../actors/army/\">Armed men</a> attacked the <em>school</em>."))
        #expect(article.contains("<dt>Names</dt>\n<dd><a href=\"../../actors/army/\">Army</a></dd>"))
        let actor = try String(contentsOf: output.appendingPathComponent("actors/army/index.html"), encoding: .utf8)
        #expect(actor.contains("<a href=\"../../articles/report/\">Report</a>"))
    }
}

@Suite("Reverse links without repeats")
struct ReverseLinkTests {
    @Test("an article that lists an incident twice and names an actor it also mentions shows each once, and is listed once on their pages")
    func noRepeats() throws {
        let dossier = try TemporaryDossier([
            "dossier.yml": "title: Test\n",
            "content/sources/wire.md": "---\nname: Wire\n---\n",
            "content/actors/army.md": "---\nname: Army\n---\n",
            "content/actors/zulu-brigade.md": "---\nname: Zulu Brigade\n---\n",
            "content/incidents/attack.md": "---\ntitle: Attack\nactors:\n  - {actor: army, role: target}\n---\n",
            "content/articles/report.md":
                "---\ntitle: Report\nsource: wire\nincidents: [attack, attack]\nactors: [zulu-brigade, army, army]\n---\nThe Army and the Zulu Brigade met.\n",
        ])
        defer { dossier.remove() }
        let (diagnostics, output) = dossier.build()
        #expect(!diagnostics.contains { $0.contains("error") }, "\(diagnostics)")
        func page(_ path: String) throws -> String {
            try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
        }
        func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
        let article = try page("articles/report/index.html")
        #expect(count("<dd><a href=\"../../incidents/attack/\">", in: article) == 1)
        #expect(count("<dd><a href=\"../../actors/army/\">", in: article) == 1)
        // Actors in slug order, whatever order the front matter and the text give.
        let army = try #require(article.range(of: "<dd><a href=\"../../actors/army/\">"))
        let zulu = try #require(article.range(of: "<dd><a href=\"../../actors/zulu-brigade/\">"))
        #expect(army.lowerBound < zulu.lowerBound)
        #expect(count("href=\"../../articles/report/\"", in: try page("incidents/attack/index.html")) == 1)
        #expect(count("href=\"../../articles/report/\"", in: try page("actors/army/index.html")) == 1)
    }
}
