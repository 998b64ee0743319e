import DossierContent
import DossierDiagnostics
import Foundation
import Testing

/// The loader asks for its files ahead of reading them (so a cold disk serves them in parallel),
/// once a read finds a file that is not in memory.
@Suite("Read-ahead")
struct ReadAheadTests {
    /// Records what the loader asks for and what it reads; reads through the real file system, and
    /// says a file was not in memory when its name ends with one of `missing`.
    final class RecordingFileSystem: ContentFileSystem, @unchecked Sendable {
        let base = LocalFileSystem()
        let missing: [String]
        private let lock = NSLock()
        private(set) var askedAhead: [String] = []
        private(set) var read: [String] = []

        init(missing: [String] = []) { self.missing = missing }

        func entries(ofFolder path: String) throws -> [FolderEntry] { try base.entries(ofFolder: path) }
        func isDirectory(atPath path: String) -> Bool { base.isDirectory(atPath: path) }
        func fileExists(atPath path: String) -> Bool { base.fileExists(atPath: path) }
        func resolvedPath(_ path: String) -> String? { base.resolvedPath(path) }
        func readFile(atPath path: String) throws -> Data {
            lock.withLock { read.append(path) }
            return try base.readFile(atPath: path)
        }
        func readFileWithInfo(atPath path: String, missed: () -> Void) throws -> (data: Data, info: FileInfo?) {
            if missing.contains(where: { path.hasSuffix($0) }) { missed() }
            return (try readFile(atPath: path), nil)
        }
        func readAhead(atPaths paths: [String]) {
            lock.withLock { askedAhead.append(contentsOf: paths) }
            base.readAhead(atPaths: paths)
        }
    }

    @Test("once a read misses, the loader asks ahead for every content file it reads, once, and for nothing else")
    func loaderAsksAheadForItsFiles() throws {
        let root = TrustTestSupport.fixture("mini").path
        // Every content file misses: the read-ahead still starts once.
        let files = RecordingFileSystem(missing: [".md"])
        let (content, diagnostics) = ContentLoader(root: root, fileSystem: files).load()
        #expect(content != nil)
        #expect(!diagnostics.hasErrors)
        let contentReads = files.read.filter { $0.contains("/content/") }
        #expect(contentReads.count > 1)
        #expect(files.askedAhead.sorted() == contentReads.sorted())
        #expect(Set(files.askedAhead).count == files.askedAhead.count)
    }

    @Test("when every file is in memory, the loader does not ask ahead")
    func noReadAheadWhenInMemory() throws {
        let root = TrustTestSupport.fixture("mini").path
        let files = RecordingFileSystem()
        let (content, _) = ContentLoader(root: root, fileSystem: files).load()
        #expect(content != nil)
        #expect(files.read.contains { $0.contains("/content/") })
        #expect(files.askedAhead.isEmpty)
    }

    @Test("a file partly out of memory is read whole: the part in memory first, then the rest from where it stopped")
    func partlyCachedFileReadsWhole() throws {
        let folder = try TrustTestSupport.temporaryFolder("read-cached")
        let file = folder.appendingPathComponent("big.md")
        // Three and a half pages, each byte telling its position apart.
        let bytes = (0..<(4096 * 3 + 2048)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        try Data(bytes).write(to: file)
        let files = LocalFileSystem()
        var missedInMemory = 0
        let inMemory = try files.readFileWithInfo(atPath: file.path, missed: { missedInMemory += 1 })
        #expect(inMemory.data == Data(bytes))
        #expect(missedInMemory <= 1)
        #expect(inMemory.info?.size == Int64(bytes.count))
        // Written to the disk, then all but the first page dropped from memory (where the file
        // system drops them: then the first read stops after one page).
        let fd = open(file.path, O_RDONLY)
        #expect(fd >= 0)
        fsync(fd)
        _ = posix_fadvise(fd, 4096, 0, Int32(POSIX_FADV_DONTNEED))
        close(fd)
        var missed = 0
        let evicted = try files.readFileWithInfo(atPath: file.path, missed: { missed += 1 })
        #expect(evicted.data == Data(bytes))
        #expect(missed <= 1)
        #expect(try files.readFile(atPath: file.path) == Data(bytes))
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
