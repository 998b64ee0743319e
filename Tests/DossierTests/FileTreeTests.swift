import Foundation
import Testing

@testable import DossierKit

@Suite("Input file tree")
struct FileTreeTests {
    private func write(_ root: String, _ path: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: url)
    }

    @Test("files in sorted order, with no links: every file once")
    func plain() throws {
        let root = try TestSupport.temporaryFolder("tree").path
        for path in ["b.txt", "a/z.md", "a-b/c.md", "a/y/x.md", "é.md", "e.md"] { try write(root, path) }
        #expect(FileTree.files(under: root) == ["a-b/c.md", "a/y/x.md", "a/z.md", "b.txt", "e.md", "é.md"])
        #expect(FileTree.files(under: root) { _, name in name == "y" } == ["a-b/c.md", "a/z.md", "b.txt", "e.md", "é.md"])
    }

    @Test("links to folders: each real folder walked once, by the first path in sorted order; loops end")
    func links() throws {
        let root = try TestSupport.temporaryFolder("tree").path
        try write(root, "real/inside.md")
        try write(root, "top.md")
        let manager = FileManager.default
        // Twenty links to one folder (the first in sorted order wins, whatever order the folder
        // lists them in), a loop, and a link to a file.
        for n in (10..<30).reversed() {
            try manager.createSymbolicLink(atPath: root + "/link-\(n)", withDestinationPath: root + "/real")
        }
        try manager.createSymbolicLink(atPath: root + "/real/loop", withDestinationPath: root)
        try manager.createSymbolicLink(atPath: root + "/file-link.md", withDestinationPath: root + "/top.md")
        // `real` itself is not a link: it is walked as it is too.
        #expect(
            FileTree.files(under: root) == ["file-link.md", "link-10/inside.md", "real/inside.md", "top.md"])
    }
}
