import DossierContent
import DossierDiagnostics
import DossierSite
import Foundation
import Testing

@testable import DossierKit

/// A small dossier written to a temporary folder, for builds that compare outputs.
private struct ScratchDossier {
    let root: String

    init() throws {
        root = try ScratchFolders.make("dossier-cache-test").path
        try write("dossier.yml", "title: Cache test\nlanguage: en\n")
        for (slug, name) in [("alpha", "Alpha Front"), ("beta", "Beta Brigade"), ("gamma", "Gamma Group")] {
            try write("content/actors/\(slug).md", "---\nname: \(name)\nkind: armed-group\n---\nAbout \(name).\n")
        }
        for slug in ["daily", "weekly"] {
            try write("content/sources/\(slug).md", "---\nname: The \(slug.capitalized)\nurl: https://\(slug).example.org/\n---\n")
        }
        for n in 1...3 {
            try write(
                "content/incidents/incident-\(n).md",
                "---\ntitle: Incident \(n)\ndate: 2024-0\(n)-1\(n)\nactors:\n  - {actor: alpha, role: perpetrator}\n---\nWhat happened in \(n).\n"
            )
        }
        for n in 1...6 {
            try writeArticle(n, body: "Report \(n) says **something** about [incident](/incidents/incident-\(n % 3 + 1)/).\n")
        }
    }

    func writeArticle(_ n: Int, slug: String? = nil, title: String? = nil, body: String) throws {
        let actor = ["alpha", "beta", "gamma"][n % 3]
        try write(
            "content/articles/\(slug ?? "article-\(n)").md",
            "---\ntitle: \"\(title ?? "Article \(n)")\"\nsource: \(n % 2 == 0 ? "daily" : "weekly")\n"
                + "published: 2024-0\(n % 9 + 1)-0\(n % 9 + 1)\nincidents: [incident-\(n % 3 + 1)]\nactors: [\(actor)]\n---\n"
                + body)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: root + "/" + relative)
    }

    func move(_ from: String, _ to: String) throws {
        try FileManager.default.moveItem(atPath: root + "/" + from, toPath: root + "/" + to)
    }

    /// Builds into `SOURCE/public`, using the cache.
    func build(threads: Int = 2, clean: Bool = false) -> BuildResult {
        Pipeline(options: BuildOptions(source: root, threads: threads, clean: clean)).run()
    }

    /// A clean build: no cache, into a fresh folder. Returns the folder.
    func cleanBuild(threads: Int = 2) throws -> String {
        let output = root + "-clean-\(UUID().uuidString)"
        let result = Pipeline(options: BuildOptions(source: root, output: output, threads: threads, useCache: false)).run()
        #expect(!result.failed(strict: false), "\(result.diagnostics.sorted)")
        return output
    }

    var output: String { root + "/public" }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Every file under `folder`, relative path -> bytes.
private func tree(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let path = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[path] = FileManager.default.contents(atPath: folder + "/" + path)
        }
    }
    return files
}

/// Every folder under `folder`, relative paths.
private func folders(_ folder: String) -> Set<String> {
    var result: Set<String> = []
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let path = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), isDirectory.boolValue {
            result.insert(path)
        }
    }
    return result
}

/// Every file under `folder`, relative path -> (mtime, inode).
private func stamps(_ folder: String) -> [String: [Int]] {
    tree(folder).keys.reduce(into: [:]) { result, path in
        var info = stat()
        stat(folder + "/" + path, &info)
        result[path] = [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
    }
}

@Suite("Build cache")
struct BuildCacheTests {
    /// Builds with the cache and checks the output is byte for byte a clean build's.
    private func expectSameAsClean(_ dossier: ScratchDossier, _ step: String) throws {
        let result = dossier.build()
        #expect(!result.failed(strict: false), "\(step): \(result.diagnostics.sorted)")
        let clean = try dossier.cleanBuild()
        defer { try? FileManager.default.removeItem(atPath: clean) }
        let cached = tree(dossier.output), expected = tree(clean)
        #expect(!expected.isEmpty)
        #expect(Set(cached.keys) == Set(expected.keys), "\(step): different files")
        #expect(folders(dossier.output) == folders(clean), "\(step): different folders")
        for (path, bytes) in expected where cached[path] != bytes {
            Issue.record("\(step): \(path) differs from a clean build")
        }
    }

    @Test("after edits, renames, deletions and template changes a cached build equals a clean one")
    func cachedEqualsClean() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        try expectSameAsClean(dossier, "first build")
        try expectSameAsClean(dossier, "no change")
        try dossier.writeArticle(2, body: "An edited body with a [link](/actors/beta/).\n")
        try expectSameAsClean(dossier, "edit one body")
        try dossier.writeArticle(3, title: "A new title", body: "Report 3.\n")
        try expectSameAsClean(dossier, "edit a title shown on other pages")
        try dossier.move("content/articles/article-4.md", "content/articles/renamed-4.md")
        try expectSameAsClean(dossier, "rename an article")
        try dossier.remove("content/articles/article-5.md")
        try expectSameAsClean(dossier, "delete an article")
        try dossier.write("content/actors/beta.md", "---\nname: Beta Renamed\n---\nNew profile.\n")
        try expectSameAsClean(dossier, "edit an actor")
        try dossier.write("templates/link-list.mustache", "<ol>{{#links}}<li>{{name}}</li>{{/links}}</ol>\n")
        try expectSameAsClean(dossier, "override a template")
        try dossier.remove("templates/link-list.mustache")
        try expectSameAsClean(dossier, "remove the override")
        try dossier.write("dossier.yml", "title: Renamed dossier\n")
        try expectSameAsClean(dossier, "edit the config")
    }

    @Test("a rebuild with nothing changed is up to date and touches no file")
    func noChange() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        let first = dossier.build()
        #expect(!first.upToDate)
        #expect(first.written == first.files)
        let before = stamps(dossier.output)
        let second = dossier.build()
        #expect(second.upToDate)
        #expect(second.files == first.files)
        #expect(second.pages == first.pages)
        #expect(second.written == 0)
        #expect(stamps(dossier.output) == before)
    }

    @Test("files outside the config, content, templates and static/ are not inputs; those inside are")
    func inputsAreWhatTheBuildReads() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        #expect(!dossier.build().upToDate)
        // A build folder, notes and hidden files beside the dossier change nothing the build reads.
        try dossier.write(".build/debug/object.o", "compiled")
        try dossier.write("notes/todo.md", "check the toll")
        try dossier.write("README.md", "a repository that is also a dossier")
        #expect(dossier.build().upToDate)
        let manifest = try String(contentsOfFile: dossier.root + "/" + BuildCache.folderName + "/" + BuildCache.manifestName, encoding: .utf8)
        #expect(!manifest.contains("object.o") && !manifest.contains("notes/") && !manifest.contains("README.md"))
        // Each of the four inputs does.
        for (path, text) in [
            ("static/robots.txt", "User-agent: *\n"), ("templates/style.css", "body { margin: 0 }\n"),
            ("content/sources/weekly.md", "---\nname: The Weekly Edited\nurl: https://weekly.example.org/\n---\n"),
        ] {
            try dossier.write(path, text)
            #expect(!dossier.build().upToDate, "\(path)")
            #expect(dossier.build().upToDate, "\(path)")
        }
        let config = try String(contentsOfFile: dossier.root + "/dossier.yml", encoding: .utf8)
        try dossier.write("dossier.yml", config + "\n")
        #expect(!dossier.build().upToDate)
        try expectSameAsClean(dossier, "after the input changes")
    }

    @Test("an edited body rewrites only the pages whose bytes changed")
    func oneEdit() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        _ = dossier.build()
        let before = stamps(dossier.output)
        try dossier.writeArticle(1, body: "A different body.\n")
        let result = dossier.build()
        #expect(!result.upToDate)
        #expect(result.written == 1)
        let after = stamps(dossier.output)
        let changed = after.keys.filter { after[$0] != before[$0] }
        #expect(changed == ["articles/article-1/index.html"])
    }

    @Test("a changed, added or removed output file makes the next build run and restore it")
    func damagedOutput() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        _ = dossier.build()
        let page = dossier.output + "/articles/article-1/index.html"
        let original = try Data(contentsOf: URL(fileURLWithPath: page))
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: page))
        let repaired = dossier.build()
        #expect(!repaired.upToDate)
        #expect(try Data(contentsOf: URL(fileURLWithPath: page)) == original)

        // A file dossier did not make is never deleted silently: the build stops, naming it,
        // and `--clean` removes it.
        try dossier.write("public/extra.html", "stray")
        let refused = dossier.build()
        #expect(!refused.upToDate)
        #expect(refused.diagnostics.errors.map(\.location.path) == ["public/extra.html"])
        #expect(FileManager.default.fileExists(atPath: dossier.output + "/extra.html"))
        let cleaned = dossier.build(clean: true)
        #expect(!cleaned.upToDate)
        #expect(cleaned.removed == 1)
        #expect(!FileManager.default.fileExists(atPath: dossier.output + "/extra.html"))

        try FileManager.default.removeItem(atPath: page)
        #expect(!dossier.build().upToDate)
        #expect(FileManager.default.fileExists(atPath: page))
        #expect(dossier.build().upToDate)
    }

    @Test("a cold build records every input's hash, the content files' taken from the loader's read")
    func coldBuildHashes() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        let cache = BuildCache(options: BuildOptions(source: dossier.root))
        let pending = cache.fingerprint()
        #expect(pending.leavesContentToLoader)
        let left = pending.inputs.filter { $0.sha256.isEmpty }.map(\.path)
        #expect(left.count == 14)
        #expect(left.allSatisfy { $0.hasPrefix("content/") && $0.hasSuffix(".md") })
        #expect(!pending.inputs.contains { $0.sha256.isEmpty && !$0.path.hasPrefix("content/") })
        _ = dossier.build()
        let manifest = try #require(cache.previousManifest())
        let expected = tree(dossier.root).keys.filter { !$0.hasPrefix("public/") && !$0.hasPrefix(".dossier-cache/") }
        #expect(Set(manifest.inputs.map(\.path)) == Set(expected))
        // The content files were not stamped before the build, but by the loader as it opened them.
        #expect(pending.inputs.filter { $0.sha256.isEmpty }.allSatisfy { $0.stamp == .pending })
        for input in manifest.inputs {
            #expect(input.sha256 == FileTree.sha256(path: dossier.root + "/" + input.path), "\(input.path)")
            #expect(input.stamp == FileStamp(path: dossier.root + "/" + input.path), "\(input.path)")
        }
        // The digest is the one a fingerprint that hashes every file itself gives.
        let rehashed = BuildCache.fingerprint(
            of: manifest.inputs, header: pending.digestHeader, salt: pending.salt, takenAt: pending.takenAt)
        #expect(manifest.digest == rehashed.digest)
        #expect(cache.fingerprint(previous: manifest).digest == manifest.digest)
    }

    @Test("an up-to-date build replays the previous build's diagnostics")
    func replaysDiagnostics() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        _ = dossier.build()
        let cache = BuildCache(options: BuildOptions(source: dossier.root))
        var manifest = try #require(cache.previousManifest())
        let warning = Diagnostic.warning(
            SourceLocation(path: "content/articles/a\tb.md", line: 3, column: 7), "50% odd\nmessage")
        manifest.diagnostics = [warning]
        try Data(manifest.text.utf8).write(to: URL(fileURLWithPath: cache.manifestPath))
        let result = dossier.build()
        #expect(result.upToDate)
        #expect(result.diagnostics.items == [warning])
        #expect(result.failed(strict: true))
    }

    @Test("a large manifest reads back as written (it is parsed in parallel runs of lines)")
    func largeManifest() throws {
        var pages: [String: String] = [:]
        var inputs: [BuildCache.Input] = [], outputs: [BuildCache.OutputFile] = []
        for n in 0..<20_000 {
            let stamp = FileStamp(size: Int64(n), mtime: Int64(n) * 7, ctime: Int64(n) * 11, inode: UInt64(n) + 3)
            pages["articles/a\(n)/index.html"] = String(n, radix: 16)
            inputs.append(BuildCache.Input(path: "content/articles/a\(n).md", stamp: stamp, sha256: "sha\(n)"))
            outputs.append(BuildCache.OutputFile(path: n % 1000 == 0 ? "odd\tname \(n)" : "articles/a\(n)/index.html", stamp: stamp))
        }
        let diagnostics = (0..<5000).map { Diagnostic.warning(SourceLocation(path: "p\($0)", line: $0, column: 2), "m\($0)") }
        let manifest = BuildCache.Manifest(
            tool: "t", output: "/o", digest: "d", salt: "s", fingerprintTakenAt: 42, pages: 20_000, pageFingerprints: pages,
            inputs: inputs, outputs: outputs, diagnostics: diagnostics)
        let back = try #require(BuildCache.Manifest(text: manifest.text))
        #expect(back.pageFingerprints == pages)
        #expect(back.inputs == inputs)
        #expect(back.outputs == outputs)
        #expect(back.diagnostics == diagnostics)
        #expect(back.text == manifest.text)
        var lines = manifest.text.split(separator: "\n", omittingEmptySubsequences: false)
        lines[15_000] = "bogus\tline"
        #expect(BuildCache.Manifest(text: lines.joined(separator: "\n")) == nil)
    }

    @Test("a manifest that is cut short or from another format is ignored")
    func badManifest() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        _ = dossier.build()
        let cache = BuildCache(options: BuildOptions(source: dossier.root))
        let text = try #require(cache.previousManifest()).text
        #expect(BuildCache.Manifest(text: String(text.dropLast(5))) == nil)
        #expect(BuildCache.Manifest(text: "dossier-build-manifest 1\n" + text.drop { $0 != "\n" }.dropFirst()) == nil)
        try Data(text.dropLast(5).utf8).write(to: URL(fileURLWithPath: cache.manifestPath))
        #expect(!dossier.build().upToDate)
        #expect(dossier.build().upToDate)
    }
}

@Suite("Parallel determinism")
struct ParallelDeterminismTests {
    @Test("a build with 1 thread and with 4 threads writes the same bytes")
    func widths() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        for n in 7...40 {
            try dossier.writeArticle(n, body: String(repeating: "Paragraph \(n) with *emphasis*.\n\n", count: n % 5 + 1))
        }
        let one = try dossier.cleanBuild(threads: 1)
        let four = try dossier.cleanBuild(threads: 4)
        defer {
            try? FileManager.default.removeItem(atPath: one)
            try? FileManager.default.removeItem(atPath: four)
        }
        let a = tree(one), b = tree(four)
        #expect(a.count > 40)
        #expect(a == b)
    }
}

/// The caches of article analyses and of page link checks (`.dossier-cache/analyses`, `link-checks`):
/// whatever changes, a build that uses them writes what a clean build writes and reports what it reports.
@Suite("Incremental caches")
struct IncrementalCacheTests {
    /// Builds with the cache; expects a clean build's files, bytes and diagnostics. Returns the cached build's result.
    @discardableResult
    private func expectSameAsClean(_ dossier: ScratchDossier, _ step: String, failing: Bool = false) throws -> BuildResult {
        let result = dossier.build()
        let output = dossier.root + "-clean-\(UUID().uuidString)"
        let clean = Pipeline(options: BuildOptions(source: dossier.root, output: output, threads: 2, useCache: false)).run()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(result.failed(strict: false) == failing, "\(step): \(result.diagnostics.sorted)")
        #expect(clean.failed(strict: false) == failing, "\(step): \(clean.diagnostics.sorted)")
        // The clean build's output is elsewhere: its page paths show under that folder.
        let normalized = clean.diagnostics.items.map { d in
            var d = d
            if d.location.path.hasPrefix(output + "/") {
                d.location.path = "public/" + d.location.path.dropFirst(output.count + 1)
            }
            return d
        }
        #expect(result.diagnostics.items == normalized, "\(step): different diagnostics")
        guard !failing else { return result }
        let cached = tree(dossier.output), expected = tree(output)
        #expect(!expected.isEmpty)
        #expect(Set(cached.keys) == Set(expected.keys), "\(step): different files")
        for (path, bytes) in expected where cached[path] != bytes {
            Issue.record("\(step): \(path) differs from a clean build")
        }
        return result
    }

    private func cacheFile(_ dossier: ScratchDossier, _ name: String) -> String {
        dossier.root + "/" + BuildCache.folderName + "/" + name
    }

    @Test("an edited body is the only one parsed again, and the output is a clean build's")
    func reusesAnalyses() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        let first = try expectSameAsClean(dossier, "first build")
        #expect(first.analysedArticles == 6)
        try dossier.writeArticle(2, body: "An edited body naming Gamma Group, with a [link](/actors/beta/).\n")
        let second = try expectSameAsClean(dossier, "edit one body")
        #expect(second.analysedArticles == 1)
        // An edit elsewhere parses no article.
        try dossier.write("content/incidents/incident-1.md", "---\ntitle: Incident one\ndate: 2024-01-11\n---\nEdited.\n")
        let third = try expectSameAsClean(dossier, "edit an incident")
        #expect(third.analysedArticles == 0)
        // Analyses are keyed on the file's hash: the same bytes under another name are not parsed,
        // an edit of the front matter alone parses that article again.
        try dossier.move("content/articles/article-4.md", "content/articles/renamed-4.md")
        #expect(try expectSameAsClean(dossier, "rename an article").analysedArticles == 0)
        let body2 = "An edited body naming Gamma Group, with a [link](/actors/beta/).\n"
        try dossier.writeArticle(2, title: "Article two, retitled", body: body2)
        #expect(try expectSameAsClean(dossier, "edit a front matter").analysedArticles == 1)
        try dossier.remove("content/articles/article-5.md")
        try expectSameAsClean(dossier, "delete an article")
        try dossier.write("templates/link-list.mustache", "<ol>{{#links}}<li>{{name}}</li>{{/links}}</ol>\n")
        try expectSameAsClean(dossier, "override a template")
    }

    @Test("new actor aliases change the mention links of bodies that did not change")
    func aliasesChangeMentions() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        try dossier.write("content/actors/gamma.md", "---\nname: Gamma Group\naliases: [xyzzy]\n---\nAbout.\n")
        try expectSameAsClean(dossier, "first build")
        let page = dossier.output + "/articles/article-1/index.html"
        let before = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!before.contains("actors/gamma/\">something"))
        // Every body says "something": as an alias of gamma it becomes a mention link.
        try dossier.write("content/actors/gamma.md", "---\nname: Gamma Group\naliases: [something]\n---\nAbout.\n")
        let result = try expectSameAsClean(dossier, "change an alias")
        #expect(result.analysedArticles == 6)
        let after = try String(contentsOfFile: page, encoding: .utf8)
        #expect(after.contains("actors/gamma/\">something"))
        try dossier.write("content/actors/gamma.md", "---\nname: Gamma Group\naliases: [xyzzy]\n---\nAbout.\n")
        try expectSameAsClean(dossier, "change it back")
        #expect(try String(contentsOfFile: page, encoding: .utf8) == before)
    }

    @Test("excerpts are checked against the text of articles whose analysis is cached")
    func excerptsOfCachedArticles() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        try expectSameAsClean(dossier, "first build")
        func claim(_ excerpt: String) throws {
            try dossier.write(
                "content/incidents/incident-1.md",
                "---\ntitle: Incident 1\ndate: 2024-01-11\nclaims:\n  - id: c1\n    claimant: alpha\n"
                    + "    statement: \"It happened.\"\n    reported_in:\n      - article: article-3\n"
                    + "        excerpt: \"\(excerpt)\"\n---\nWhat happened.\n")
        }
        try claim("says something about")
        try expectSameAsClean(dossier, "a claim cites an unchanged article")
        try claim("says nothing about")
        let wrong = try expectSameAsClean(dossier, "a wrong excerpt", failing: true)
        #expect(wrong.diagnostics.errors.contains { $0.message.contains("excerpt not found") })
        try claim("Report 3 says something")
        try expectSameAsClean(dossier, "fixed again")
    }

    @Test("a kept page's link to a page that is gone is reported")
    func keptPageLinksRechecked() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        // Every source page links to article 6, which names alpha and comes from the daily.
        try dossier.write(
            "templates/source.mustache",
            "{{<base}}{{$content}}<h1>{{title}}</h1><a href=\"{{root}}articles/article-6/\">six</a>{{/content}}{{/base}}\n")
        try expectSameAsClean(dossier, "first build")
        try dossier.writeArticle(2, body: "Edited.\n")
        try expectSameAsClean(dossier, "edit another article")
        try dossier.remove("content/articles/article-6.md")
        let result = try expectSameAsClean(dossier, "the linked article is gone", failing: true)
        #expect(result.diagnostics.errors.contains { $0.location.path == "public/sources/weekly/index.html" })
    }

    @Test("damaged, cut short or foreign cache files are ignored")
    func damagedCacheFiles() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        try expectSameAsClean(dossier, "first build")
        let analyses = cacheFile(dossier, BuildCache.analysisName), links = cacheFile(dossier, BuildCache.linkName)
        let analysesBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: analyses)))
        let linkBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: links)))
        #expect(AnalysisCache(decoding: analysesBytes) != nil)
        #expect(LinkCheckCache(decoding: linkBytes) != nil)
        for damaged in [Array(analysesBytes.dropLast(3)), flipped(analysesBytes), analysesBytes + [0]] {
            #expect(AnalysisCache(decoding: damaged) == nil)
        }
        for damaged in [Array(linkBytes.dropLast(3)), flipped(linkBytes), linkBytes + [0]] {
            #expect(LinkCheckCache(decoding: damaged) == nil)
        }
        let frontMatter = cacheFile(dossier, BuildCache.frontMatterName)
        let frontMatterBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: frontMatter)))
        let tool = BuildCache.toolIdentity()
        #expect(FrontMatterCache(decoding: frontMatterBytes, tool: tool)?.articles.count == 6)
        #expect(FrontMatterCache(decoding: frontMatterBytes, tool: tool + "x") == nil)
        for damaged in [Array(frontMatterBytes.dropLast(3)), flipped(frontMatterBytes), frontMatterBytes + [0]] {
            #expect(FrontMatterCache(decoding: damaged, tool: tool) == nil)
        }
        // Each kind of damage, then an edit: the build does the work again and is right.
        var n = 0
        for (name, bytes) in [(analyses, analysesBytes), (links, linkBytes), (frontMatter, frontMatterBytes)] {
            for damaged in [Array(bytes.prefix(bytes.count / 2)), flipped(bytes), Array("garbage".utf8), []] {
                n += 1
                try Data(damaged).write(to: URL(fileURLWithPath: name))
                try dossier.writeArticle(1, body: "Edit \(n) naming Beta Brigade.\n")
                try expectSameAsClean(dossier, "damaged \(name), edit \(n)")
            }
        }
        try FileManager.default.removeItem(atPath: analyses)
        try FileManager.default.removeItem(atPath: links)
        try FileManager.default.removeItem(atPath: frontMatter)
        try dossier.writeArticle(1, body: "Edit without cache files.\n")
        let result = try expectSameAsClean(dossier, "cache files deleted")
        #expect(result.analysedArticles == 6)
    }

    @Test("cached front matter is what decoding gives, and an edited front matter is decoded again")
    func frontMatterCache() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        try expectSameAsClean(dossier, "first build")
        let tool = BuildCache.toolIdentity()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cacheFile(dossier, BuildCache.frontMatterName))))
        let cache = try #require(FrontMatterCache(decoding: bytes, tool: tool))
        let loaded = try #require(ContentLoader(root: dossier.root).load().content)
        #expect(cache.articles.count == loaded.articles.count)
        for article in loaded.articles {
            #expect(cache.articles[article.frontMatterText] == article.frontMatter, "\(article.slug)")
        }
        // A title shown on other pages, then a front matter that no longer decodes.
        try dossier.writeArticle(3, title: "A new title", body: "Report 3.\n")
        try expectSameAsClean(dossier, "edit a title")
        try dossier.write("content/articles/article-3.md", "---\ntitle: Broken\nsource: daily\npublished: 2024-02-30\n---\nBody.\n")
        let broken = try expectSameAsClean(dossier, "an impossible date", failing: true)
        #expect(broken.diagnostics.errors.contains { $0.location.path == "content/articles/article-3.md" })
    }

    @Test("the link checks' environment a cold build records is the one the next build finds, so their results are reused")
    func linkEnvironmentRecorded() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        func environment() throws -> String {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cacheFile(dossier, BuildCache.linkName))))
            return try #require(LinkCheckCache(decoding: bytes)).environment
        }
        try expectSameAsClean(dossier, "first build")
        let cold = try environment()
        #expect(cold.count == 64)
        // An edit that changes no file or id of the site: the environment stays, as it must for
        // the previous build's results to be reused.
        try dossier.writeArticle(1, body: "A new body, still naming Beta Brigade.\n")
        try expectSameAsClean(dossier, "edit a body")
        #expect(try environment() == cold)
        // A new page changes it.
        try dossier.writeArticle(9, body: "A new article.\n")
        try expectSameAsClean(dossier, "add an article")
        #expect(try environment() != cold)
    }

    @Test("every field of an article's front matter comes back from the front-matter cache file")
    func frontMatterFileHasEveryField() throws {
        let full = ArticleFrontMatter(
            title: "T", source: "s", published: DayDate(year: 2024, month: 9, day: 17), url: "https://example.org/a",
            author: "A", incidents: ["i1", "i2"], actors: ["a1"], retrieved: DayDate(year: 2024, month: 9, day: 18),
            archive: "a.original.txt", sha256: String(repeating: "0", count: 64))
        // A field added to ArticleFrontMatter must be written by FrontMatterCache.encode too: the
        // build no longer checks each entry by reading it back.
        #expect(Mirror(reflecting: full).children.count == 10)
        let empty = ArticleFrontMatter(title: "", source: "")
        var writer = CacheWriter()
        FrontMatterCache.encode(
            [(text: "one", value: full), (text: "two", value: empty), (text: "one", value: full)], tool: "t", into: &writer)
        let decoded = try #require(FrontMatterCache(decoding: writer.bytes, tool: "t"))
        #expect(decoded.articles.count == 2)
        #expect(decoded.articles["one"] == full)
        #expect(decoded.articles["two"] == empty)
    }

    /// The similar articles stored with the analyses: this build's articles, and the pairs a full
    /// count finds among them. Returns the number of pairs.
    private func expectStoredPairs(_ dossier: ScratchDossier, articles: Int, _ step: String) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cacheFile(dossier, BuildCache.analysisName))))
        let cache = try #require(AnalysisCache(decoding: bytes), "\(step)")
        let similar = try #require(cache.similar, "\(step): no similar articles stored")
        #expect(similar.articles.count == articles, "\(step)")
        let prints = try similar.articles.map { try #require(cache.entries[$0]).shingles }
        let expected = Syndication.pairs(prints).map { AnalysisCache.Pair(first: $0.first, second: $0.second, shared: $0.shared) }
        #expect(similar.pairs == expected, "\(step)")
        return similar.pairs.count
    }

    @Test("similar articles after edits, additions and removals are a clean build's, from the stored pairs")
    func similarArticles() throws {
        let dossier = try ScratchDossier()
        defer { dossier.cleanUp() }
        let wire = """
            Armed men attacked a military police school in the capital early on Tuesday, officials said, and the \
            airport was closed for the day while the army swept the area around the school and the main roads. \
            Residents of the northern districts reported gunfire for several hours before the shooting stopped \
            at dawn, and the government later imposed a curfew on the whole city until further notice.
            """
        let other = "Fuel prices rose again in the markets of the southern towns, where traders blamed the closed border crossings and the weak currency for the shortages."
        try dossier.writeArticle(1, body: wire + "\n")
        try dossier.writeArticle(2, body: wire + "\n\nA closing paragraph from the second paper adds a few words about the aftermath.\n")
        try dossier.writeArticle(3, body: String(wire.prefix(200)) + " " + other + "\n")
        try expectSameAsClean(dossier, "first build")
        #expect(try expectStoredPairs(dossier, articles: 6, "first build") == 3)
        try dossier.writeArticle(4, body: other + " " + String(wire.suffix(180)) + "\n")
        try expectSameAsClean(dossier, "a rewrite")
        #expect(try expectStoredPairs(dossier, articles: 6, "a rewrite") > 3)
        try dossier.writeArticle(2, body: other + "\n")
        try expectSameAsClean(dossier, "a copy rewritten")
        _ = try expectStoredPairs(dossier, articles: 6, "a copy rewritten")
        try dossier.remove("content/articles/article-1.md")
        try dossier.writeArticle(7, body: wire + "\n")
        try dossier.writeArticle(8, slug: "copy-8", body: "Breaking: " + wire + "\n")
        try expectSameAsClean(dossier, "one removed, two copies added")
        _ = try expectStoredPairs(dossier, articles: 7, "one removed, two copies added")
        // Verbatim copies: one body, so one analysis key for two articles.
        try dossier.writeArticle(9, body: wire + "\n")
        try dossier.writeArticle(6, body: "Breaking: " + wire + "\n")
        try expectSameAsClean(dossier, "verbatim copies")
        #expect(try expectStoredPairs(dossier, articles: 8, "verbatim copies") > 6)
        try dossier.remove("content/articles/article-9.md")
        try expectSameAsClean(dossier, "one of two verbatim copies removed")
        _ = try expectStoredPairs(dossier, articles: 7, "one of two verbatim copies removed")
        // An edit elsewhere parses no article: the stored analyses and pairs stay and still hold.
        try dossier.write("content/incidents/incident-1.md", "---\ntitle: Incident one\ndate: 2024-01-11\n---\nEdited.\n")
        try expectSameAsClean(dossier, "an incident edited")
        try dossier.writeArticle(5, body: String(wire.suffix(250)) + "\n")
        try expectSameAsClean(dossier, "then an article")
        _ = try expectStoredPairs(dossier, articles: 7, "then an article")
    }

    private func flipped(_ bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        copy[copy.count * 2 / 3] ^= 0x10
        return copy
    }
}
