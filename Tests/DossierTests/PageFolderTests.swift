import Testing

@testable import DossierOutput

/// `StagedOutput.pageFolders`: which folders a batch's writing threads may make themselves.
@Suite("Page folders made with their files")
struct PageFolderTests {
    @Test("a folder is made with its file only when nothing else of the batch lies below it")
    func onlyLeafFolders() {
        let paths = ["index.html", "incidents/index.html", "incidents/a/index.html", "articles/b/index.html",
                     "assets/style.css", "assets/site.js", "x/y/z/index.html"]
        #expect(StagedOutput.pageFolders(paths) == [nil, nil, "incidents/a", "articles/b", nil, nil, "x/y/z"])
    }

    @Test("in shuffled batches of nested paths, no folder made by a thread is above another file")
    func neverAParent() {
        var generator = SeededGenerator(seed: 7)
        let names = ["a", "b", "index.html"]
        for _ in 0..<200 {
            var paths = Set<String>()
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                let depth = Int.random(in: 0...3, using: &generator)
                let folders = (0..<depth).map { _ in names[Int.random(in: 0...1, using: &generator)] }
                paths.insert((folders + ["index.html"]).joined(separator: "/"))
            }
            let batch = Array(paths).shuffled(using: &generator)
            for (path, folder) in zip(batch, StagedOutput.pageFolders(batch)) {
                guard let folder else { continue }
                #expect(path == folder + "/index.html")
                #expect(!batch.contains { $0 != path && $0.hasPrefix(folder + "/") }, "\(folder) is needed by another file of \(batch)")
            }
        }
    }
}
