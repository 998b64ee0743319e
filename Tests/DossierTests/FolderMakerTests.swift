import DossierContent
import DossierSite
import Foundation
import Testing

@testable import DossierOutput

/// `StagedOutput.makeFolders(holding:)`: the pages' folders made on a thread of their own, ahead of
/// the writer.
@Suite("Folders made ahead of their files")
struct FolderMakerTests {
    @Test("each folder above the files comes once, after its parent")
    func folderOrder() {
        let paths = ["index.html", "a/b/index.html", "a/index.html", "a/c/index.html", "x/y/z/index.html", "a/b/index.html"]
        #expect(FolderMaker.folders(holding: paths) == ["a", "a/b", "a/c", "x", "x/y", "x/y/z"])
    }

    @Test("the pages planned from the content files' listing are the pages planned from the graph")
    func pagesFromListing() throws {
        var listed: [(kind: ContentKind, slug: String)] = []
        let (loaded, diagnostics) = ContentLoader(root: TestSupport.repositoryRoot.path).load { listed = $0 }
        let content = try #require(loaded, "\(diagnostics.sorted)")
        #expect(listed.count == content.incidents.count + content.actors.count + content.sources.count + content.articles.count)
        let plan = PagePlan(graph: GraphResolver.resolve(content).graph)
        #expect(PagePlan.paths(slugs: listed).sorted() == plan.pages.map(\.path).sorted())
        #expect(plan.pages.count > 20)
    }

    @Test("once the maker is done, it has made its folders and no other")
    func hasMade() throws {
        let output = try TestSupport.temporaryFolder("ahead-made").appendingPathComponent("public")
        let staged = try StagedOutput(output: output)
        staged.makeFolders(holding: ["articles/a/index.html", "articles/b/index.html"])
        let maker = try #require(staged.folderMaker)
        #expect(Array(maker.wait()) == ["articles", "articles/a", "articles/b"])
        #expect(maker.hasMade("articles/b") && maker.hasMade("articles"))
        #expect(!maker.hasMade("articles/c") && !maker.hasMade("incidents"))
        var info = stat()
        #expect(stat(staged.staging.path + "/articles/b", &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
    }

    @Test("planned pages that are not written leave no empty folder in the output")
    func unusedFoldersRemoved() throws {
        let output = try TestSupport.temporaryFolder("ahead-unused").appendingPathComponent("public")
        let staged = try StagedOutput(output: output)
        let planned = ["index.html", "articles/index.html"] + (0..<30).map { "articles/a\($0)/index.html" } + ["deep/x/y/index.html"]
        staged.makeFolders(holding: planned)
        // Every other planned article, in batches, and one file that was not planned.
        let written = planned.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) + ["assets/style.css"]
        for batch in stride(from: 0, to: written.count, by: 5) {
            try staged.writeAll(written[batch..<min(batch + 5, written.count)].map { ($0, Array($0.utf8)) }, width: 3)
        }
        try staged.commit()
        var files: [String] = [], emptyFolders: [String] = []
        let walker = try #require(FileManager.default.enumerator(atPath: output.path))
        while let path = walker.nextObject() as? String {
            let absolute = output.path + "/" + path
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder)
            if !isFolder.boolValue {
                files.append(path)
            } else if try FileManager.default.contentsOfDirectory(atPath: absolute).isEmpty {
                emptyFolders.append(path)
            }
        }
        #expect(emptyFolders == [])
        #expect(Set(files) == Set(written + [".dossier-manifest"]))
        for path in written { #expect(try String(contentsOfFile: output.path + "/" + path, encoding: .utf8) == path) }
    }

    @Test("a page folder that appears between the writer's look and its mkdir is no error")
    func folderMadeMeanwhile() throws {
        let output = try TestSupport.temporaryFolder("ahead-race").appendingPathComponent("public")
        let staged = try StagedOutput(output: output)
        // A maker that has made nothing yet, and a folder made as if by it just after the writer asked.
        staged.makeFolders(holding: [])
        staged.folderMaker?.wait()
        #expect(mkdir(staged.staging.path + "/p", 0o777) == 0)
        try staged.writeAll([("p/index.html", Array("page".utf8))], width: 2)
        try staged.commit()
        #expect(try String(contentsOfFile: output.path + "/p/index.html", encoding: .utf8) == "page")
    }

    @Test("aborting while folders are being made removes the staging tree and leaves the output as it was")
    func abortWhileMaking() throws {
        let output = try TestSupport.temporaryFolder("ahead-abort").appendingPathComponent("public")
        let first = try StagedOutput(output: output)
        try first.writeAll([("index.html", Array("old".utf8))], width: 1)
        try first.commit()
        // No spare tree after a first build: the next staging tree is a new one.
        let second = try StagedOutput(output: output)
        second.makeFolders(holding: (0..<2000).map { "articles/a\($0)/index.html" })
        #expect(second.folderMaker != nil)
        second.abort()
        #expect(!FileManager.default.fileExists(atPath: second.staging.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == [".dossier-manifest", "index.html"])
        #expect(try String(contentsOfFile: output.path + "/index.html", encoding: .utf8) == "old")
    }

    @Test("a spare tree being brought up to date makes no folders ahead")
    func notWhenReusing() throws {
        let output = try TestSupport.temporaryFolder("ahead-reuse").appendingPathComponent("public")
        // A first build, a second (no spare tree yet: a new staging tree), then a spare tree.
        for round in 0..<3 {
            let staged = try StagedOutput(output: output)
            staged.makeFolders(holding: ["a/index.html"])
            #expect((staged.folderMaker == nil) == (round == 2))
            try staged.writeAll([("a/index.html", Array("a".utf8))], width: 1)
            try staged.commit()
        }
    }
}
