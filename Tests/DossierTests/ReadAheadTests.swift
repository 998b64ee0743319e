import DossierContent
import Foundation
import Testing

/// The loader asks for its files ahead of reading them (so a cold disk serves them in parallel).
@Suite("Read-ahead")
struct ReadAheadTests {
    /// Records what the loader asks for and what it reads; reads through the real file system.
    final class RecordingFileSystem: ContentFileSystem, @unchecked Sendable {
        let base = LocalFileSystem()
        private let lock = NSLock()
        private(set) var askedAhead: [String] = []
        private(set) var read: [String] = []

        func entries(ofFolder path: String) throws -> [FolderEntry] { try base.entries(ofFolder: path) }
        func isDirectory(atPath path: String) -> Bool { base.isDirectory(atPath: path) }
        func fileExists(atPath path: String) -> Bool { base.fileExists(atPath: path) }
        func resolvedPath(_ path: String) -> String? { base.resolvedPath(path) }
        func readFile(atPath path: String) throws -> Data {
            lock.withLock { read.append(path) }
            return try base.readFile(atPath: path)
        }
        func readAhead(atPaths paths: [String]) {
            lock.withLock { askedAhead.append(contentsOf: paths) }
            base.readAhead(atPaths: paths)
        }
    }

    @Test("the loader asks ahead for every content file it reads, and for nothing else")
    func loaderAsksAheadForItsFiles() throws {
        let root = TrustTestSupport.fixture("mini").path
        let files = RecordingFileSystem()
        let (content, diagnostics) = ContentLoader(root: root, fileSystem: files).load()
        #expect(content != nil)
        #expect(!diagnostics.hasErrors)
        let contentReads = files.read.filter { $0.contains("/content/") }
        #expect(!contentReads.isEmpty)
        #expect(files.askedAhead.sorted() == contentReads.sorted())
        #expect(Set(files.askedAhead).count == files.askedAhead.count)
    }

    @Test("reading ahead a missing file, a folder or a link to nowhere does nothing and returns")
    func readAheadIgnoresWhatItCannotOpen() throws {
        let folder = try TrustTestSupport.temporaryFolder("read-ahead")
        let file = folder.appendingPathComponent("a.md")
        try Data("---\ntitle: A\n---\nBody.\n".utf8).write(to: file)
        let link = folder.appendingPathComponent("dangling.md")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: folder.appendingPathComponent("gone").path)
        let files = LocalFileSystem()
        files.readAhead(atPaths: [folder.appendingPathComponent("missing.md").path, folder.path, link.path, file.path])
        #expect(try files.readFile(atPath: file.path) == Data("---\ntitle: A\n---\nBody.\n".utf8))
    }
}
