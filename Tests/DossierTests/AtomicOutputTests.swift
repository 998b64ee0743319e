import DossierDiagnostics
import DossierKit
import DossierOutput
import Foundation
import Testing

@Suite("Atomic output")
struct AtomicOutputTests {
    typealias S = TrustTestSupport

    static let expectedManifest = """
        # Files made by dossier; a build deletes them when their content is gone. Do not edit.
        CNAME
        actors/army/index.html
        actors/index.html
        articles/index.html
        articles/report/index.html
        assets/style.css
        images/map.png
        incidents/blast/index.html
        incidents/index.html
        index.html
        sources/index.html
        sources/wire/index.html

        """

    @Test("the manifest lists every file made, static/ included, sorted; static/ is copied as it is")
    func manifestAndStatic() throws {
        let root = try S.dossier(["static/CNAME": "dossier.example.org\n"])
        try S.write(Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]), to: root.appendingPathComponent("static/images/map.png"))
        let output = root.appendingPathComponent("public")
        let result = S.build(root)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        #expect(try String(contentsOf: output.appendingPathComponent(".dossier-manifest"), encoding: .utf8) == Self.expectedManifest)
        #expect(try Data(contentsOf: output.appendingPathComponent("images/map.png")) == Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]))
        #expect(try String(contentsOf: output.appendingPathComponent("CNAME"), encoding: .utf8) == "dossier.example.org\n")
    }

    @Test("a symbolic link in static/ that leads outside the dossier is an error")
    func staticSymlink() throws {
        let root = try S.dossier(["static/CNAME": "x.example.org\n"])
        let outside = try S.temporaryFolder("outside").appendingPathComponent("secret.txt")
        try S.write("secret", to: outside)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/static/secret.txt", withDestinationPath: outside.path)
        #expect(S.errors(root) == ["static/secret.txt:1:1: error: symbolic link leads outside the dossier folder or nowhere"])
    }

    @Test("--strict makes a warning fail check and build, and build then writes nothing")
    func strictCommandLine() throws {
        guard let binary = S.dossierBinary() else {
            Issue.record("the dossier executable is not built: run `swift build` first")
            return
        }
        let root = try S.dossier(["content/actors/lonely.md": "---\nname: Lonely\n---\n"])
        #expect(try S.run(binary, ["check", "--source", root.path]) == 0)
        #expect(try S.run(binary, ["check", "--strict", "--source", root.path]) == 1)
        #expect(try S.run(binary, ["build", "--strict", "--source", root.path]) == 1)
        #expect(!FileManager.default.fileExists(atPath: root.path + "/public"))
        #expect(try S.run(binary, ["build", "--source", root.path]) == 0)
        #expect(FileManager.default.fileExists(atPath: root.path + "/public/actors/lonely/index.html"))
    }

    @Test("a page whose content is gone disappears; unchanged files keep their modification time")
    func removedPagesAndMtimes() throws {
        let root = try S.dossier()
        let output = root.appendingPathComponent("public")
        #expect(!S.build(root).diagnostics.hasErrors)
        let kept = output.appendingPathComponent("actors/army/index.html").path
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: kept)
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/articles/report.md"))
        let result = S.build(root)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        #expect(!FileManager.default.fileExists(atPath: output.path + "/articles/report/index.html"))
        #expect(!(try String(contentsOf: output.appendingPathComponent(".dossier-manifest"), encoding: .utf8)).contains("articles/report/"))
        let mtime = try FileManager.default.attributesOfItem(atPath: kept)[.modificationDate] as? Date
        #expect(mtime == past)
        #expect(result.removed == 1)
        #expect(result.unchanged > 0)
    }

    @Test("files dossier did not make stop the build with their names, unless --clean")
    func foreignFiles() throws {
        let root = try S.dossier()
        let output = root.appendingPathComponent("public")
        #expect(!S.build(root).diagnostics.hasErrors)
        try S.write("notes", to: output.appendingPathComponent("notes.txt"))
        try S.write("mine", to: output.appendingPathComponent("actors/army/extra.html"))
        let before = S.snapshot(output)
        let result = S.build(root)
        let message = "error: this file was not made by dossier and the build would delete or overwrite it; move it to static/ to keep it, or build with --clean to delete it"
        #expect(result.diagnostics.sorted.map(\.description) == [
            "public/actors/army/extra.html:1:1: \(message)",
            "public/notes.txt:1:1: \(message)",
        ])
        #expect(!result.wroteOutput)
        #expect(S.snapshot(output) == before)
        // `check` reports them too.
        #expect(S.errors(root).count == 2)
        let clean = S.build(root, clean: true)
        #expect(!clean.diagnostics.hasErrors)
        #expect(!FileManager.default.fileExists(atPath: output.path + "/notes.txt"))
        #expect(!FileManager.default.fileExists(atPath: output.path + "/actors/army/extra.html"))
    }

    @Test("an output made before manifests existed is adopted when its bytes match; a changed page is not")
    func adoptsIdenticalOutput() throws {
        let root = try S.dossier()
        let output = root.appendingPathComponent("public")
        #expect(!S.build(root).diagnostics.hasErrors)
        try FileManager.default.removeItem(at: output.appendingPathComponent(".dossier-manifest"))
        #expect(!S.build(root).diagnostics.hasErrors)
        try FileManager.default.removeItem(at: output.appendingPathComponent(".dossier-manifest"))
        try S.write("hand-edited", to: output.appendingPathComponent("index.html"))
        #expect(S.build(root).diagnostics.sorted.map(\.location.path) == ["public/index.html"])
    }

    @Test("a build that fails after files were staged leaves the previous output byte-identical")
    func failedBuildKeepsOutput() throws {
        let root = try S.dossier()
        let output = root.appendingPathComponent("public")
        #expect(!S.build(root).diagnostics.hasErrors)
        let before = S.snapshot(output)
        // Change a page, then make the build fail late: a template link to nowhere is only found
        // once every page has been rendered and staged.
        try S.write("---\nname: Army, renamed\n---\n", to: root.appendingPathComponent("content/actors/army.md"))
        try S.write(
            "<ul>\n{{#links}}\n<li><a href=\"{{url}}missing.html\">{{name}}</a></li>\n{{/links}}\n</ul>\n",
            to: root.appendingPathComponent("templates/link-list.mustache"))
        let result = S.build(root)
        #expect(result.diagnostics.hasErrors)
        #expect(!result.wroteOutput)
        #expect(S.snapshot(output) == before)
        let staging = root.appendingPathComponent(".public.dossier-staging").path
        #expect(!FileManager.default.fileExists(atPath: staging))
    }

    @Test("staged files are thrown away by abort, and a leftover staging folder is replaced")
    func stagedAbort() throws {
        let folder = try S.temporaryFolder("staged")
        let output = folder.appendingPathComponent("public")
        let first = try StagedOutput(output: output)
        try first.write(path: "index.html", bytes: Array("one".utf8))
        try first.commit()
        let before = S.snapshot(output)
        let second = try StagedOutput(output: output)
        try second.write(path: "index.html", bytes: Array("two".utf8))
        try second.write(path: "new/page.html", bytes: Array("new".utf8))
        second.abort()
        #expect(S.snapshot(output) == before)
        // A killed build leaves its staging folder; the next one starts from an empty one.
        try S.write("stale", to: second.staging.appendingPathComponent("stale.html"))
        let third = try StagedOutput(output: output)
        try third.write(path: "index.html", bytes: Array("one".utf8))
        try third.commit()
        #expect(InventoryList.files(output) == [".dossier-manifest", "index.html"])
    }

    @Test("SIGKILL in the middle of a build leaves the previous public/ exactly as it was")
    func sigkill() throws {
        guard let binary = S.dossierBinary() else {
            Issue.record("the dossier executable is not built: run `swift build` first")
            return
        }
        let root = try S.temporaryFolder("kill")
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", "/work/shared/bench/gen-corpus.py", "3000", root.path]
        generator.standardOutput = FileHandle.nullDevice
        guard FileManager.default.fileExists(atPath: "/work/shared/bench/gen-corpus.py") else {
            Issue.record("gen-corpus.py is missing")
            return
        }
        try generator.run()
        generator.waitUntilExit()
        #expect(try S.run(binary, ["build", "--source", root.path]) == 0)
        let output = root.appendingPathComponent("public")
        let before = S.snapshot(output)
        #expect(before.count > 3000)

        // Change every page (the site title is on each), then kill the build once it is staging.
        let config = root.appendingPathComponent("dossier.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try S.write(text.replacingOccurrences(of: "title: ", with: "title: Changed "), to: config)
        let staging = root.appendingPathComponent(".public.dossier-staging")
        var killedWhileStaging = false
        for attempt in 0..<3 where !killedWhileStaging {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["build", "--source", root.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline {
                let staged = OutputInventory.listFiles(staging.path).count
                if staged > 200 + attempt * 500 {
                    kill(process.processIdentifier, SIGKILL)
                    killedWhileStaging = true
                    break
                }
                usleep(2_000)
            }
            process.waitUntilExit()
            if !killedWhileStaging {
                // The build finished before we could kill it: put the old output back and retry.
                try S.write(text, to: config)
                #expect(try S.run(binary, ["build", "--source", root.path]) == 0)
                try S.write(text.replacingOccurrences(of: "title: ", with: "title: Changed "), to: config)
            }
        }
        #expect(killedWhileStaging, "could not kill the build while it was staging")
        #expect(S.snapshot(output) == before, "public/ changed after SIGKILL")
        // The killed build left its half-written staging folder beside public/. The next build
        // reuses it as its spare tree and trusts none of it (see the test below); throwing the
        // staged files away leaves public/ as it was.
        #expect(OutputInventory.listFiles(staging.path).count > 200)
        let next = try StagedOutput(output: output)
        next.abort()
        #expect(!FileManager.default.fileExists(atPath: staging.path))
        #expect(S.snapshot(output) == before)
    }

    @Test("a reused staging tree with stale, extra and shared files stages exactly the new site and never touches the live one")
    func reusedStagingTree() throws {
        let root = try TestSupport.temporaryFolder("reuse")
        let output = root.appendingPathComponent("public")
        func tree(_ url: URL) -> [String: String] {
            var result: [String: String] = [:]
            for path in OutputInventory.listFiles(url.path) {
                result[path] = (try? String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)) ?? "?"
            }
            return result
        }
        // Generation 1, then generation 2: after the swap, the staging folder holds generation 1.
        var first = try StagedOutput(output: output)
        for (path, text) in [("a/index.html", "A1"), ("b/index.html", "B1"), ("gone/index.html", "G1"), ("x", "X1")] {
            try first.write(path: path, bytes: Array(text.utf8))
        }
        try first.commit()
        first = try StagedOutput(output: output)
        for (path, text) in [("a/index.html", "A1"), ("b/index.html", "B2"), ("gone/index.html", "G1"), ("x", "X1")] {
            try first.write(path: path, bytes: Array(text.utf8))
        }
        try first.commit()
        let staging = first.staging
        // Damage the spare tree as a killed build might: a stale file, a stray file, a file where
        // a folder must go, and a folder where a file must go.
        try Data("stale".utf8).write(to: staging.appendingPathComponent("b/index.html"))
        try Data("stray".utf8).write(to: staging.appendingPathComponent("stray.html"))
        try? FileManager.default.removeItem(at: staging.appendingPathComponent("c"))
        try Data("file".utf8).write(to: staging.appendingPathComponent("c"))
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("d/e"), withIntermediateDirectories: true)
        // "x" is the same file (inode) in the spare tree and in the live output; writing new bytes
        // for it must not go through that shared file.
        #expect(StagedOutputProbe.sameFile(staging.appendingPathComponent("x").path, output.appendingPathComponent("x").path))
        let live = tree(output)
        let aInode = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("a/index.html").path)[.systemFileNumber] as? Int

        // Generation 3: a unchanged, b changed, gone removed, c and d new, x changed.
        let third = try StagedOutput(output: output)
        try third.write(path: "a/index.html", bytes: Array("A1".utf8))
        try third.write(path: "b/index.html", bytes: Array("B3".utf8))
        try third.write(path: "c/index.html", bytes: Array("C3".utf8))
        try third.write(path: "d", bytes: Array("D3".utf8))
        try third.write(path: "x", bytes: Array("X3".utf8))
        #expect(tree(output) == live, "staging must not change the live output")
        try third.commit()
        var site = tree(output)
        #expect(site.removeValue(forKey: ".dossier-manifest") != nil)
        #expect(site == ["a/index.html": "A1", "b/index.html": "B3", "c/index.html": "C3", "d": "D3", "x": "X3"])
        #expect(third.report.unchanged == 1)  // a; the manifest changed with the list of files
        #expect(third.report.removed == 1)
        let aAfter = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("a/index.html").path)[.systemFileNumber] as? Int
        #expect(aAfter == aInode, "an unchanged page keeps its file (and so its modification time)")
        // The spare tree now holds generation 2, untouched by the swap.
        #expect(tree(staging)["b/index.html"] == "B2")
        #expect(tree(staging)["x"] == "X1")
        // What the build cache records for the files written (b, c, d, x and the manifest, not the
        // linked a) is what `stat` says of them once swapped in.
        #expect(Set(third.writtenFiles.keys) == ["b/index.html", "c/index.html", "d", "x", ".dossier-manifest"])
        for (path, info) in third.writtenFiles {
            var now = stat()
            #expect(stat(output.appendingPathComponent(path).path, &now) == 0)
            #expect(FileInfo(now) == info, "\(path)")
        }
    }

    @Test("an output that is a file is an error, the later checks still report, and the file is left as it is")
    func outputIsAFile() throws {
        let root = try S.dossier(["content/actors/lonely.md": "---\nname: Lonely\n---\n"])
        let output = root.appendingPathComponent("public")
        try S.write("not a site", to: output)
        let result = S.build(root)
        let lines = result.diagnostics.sorted.map(\.description)
        #expect(lines.contains("\(output.path):1:1: error: \(output.path): exists and is not a folder"), "\(lines)")
        // The unreferenced-actor warning comes from a step after the staging folder is made.
        #expect(lines.contains { $0.hasPrefix("content/actors/lonely.md:1:1: warning: ") }, "\(lines)")
        #expect(!result.wroteOutput)
        #expect(try String(contentsOf: output, encoding: .utf8) == "not a site")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/.public.dossier-staging"))
    }

    @Test("files staged many at a time record their stat as written, as the swapped-in files have it")
    func writtenFilesOfBatches() throws {
        let output = try TestSupport.temporaryFolder("written").appendingPathComponent("public")
        let staged = try StagedOutput(output: output)
        let files = (0..<40).map { (path: "p\($0)/index.html", bytes: Array(String(repeating: "x", count: $0).utf8)) }
        try staged.writeAll(files, width: 3)
        try staged.commit()
        #expect(staged.writtenFiles.count == 41)
        for (path, info) in staged.writtenFiles {
            var now = stat()
            #expect(stat(output.appendingPathComponent(path).path, &now) == 0)
            #expect(FileInfo(now) == info, "\(path)")
        }
        #expect(staged.writtenFiles["p7/index.html"]?.size == 7)
    }
}

enum StagedOutputProbe {
    static func sameFile(_ a: String, _ b: String) -> Bool {
        let first = try? FileManager.default.attributesOfItem(atPath: a)[.systemFileNumber] as? Int
        let second = try? FileManager.default.attributesOfItem(atPath: b)[.systemFileNumber] as? Int
        return first != nil && first == second
    }
}
