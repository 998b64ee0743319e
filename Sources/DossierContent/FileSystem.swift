import CDossierSys
import DossierDiagnostics
import Foundation

/// The file access that loading needs. Tests inject their own to control listing order and failures.
public protocol ContentFileSystem: Sendable {
    /// The entries of a folder, in any order, each with whether it may be a symbolic link
    /// (false only when it is known not to be one).
    func entries(ofFolder path: String) throws -> [FolderEntry]
    func isDirectory(atPath path: String) -> Bool
    func fileExists(atPath path: String) -> Bool
    func readFile(atPath path: String) throws -> Data
    /// The real path after resolving symbolic links, or nil when there is no such file.
    func resolvedPath(_ path: String) -> String?
    /// Asks for files that are about to be read to be fetched into memory, without waiting for
    /// them: a hint, which may do nothing.
    func readAhead(atPaths paths: [String])
    /// A file's bytes and what `fstat` said of it when it was opened, before the bytes were read
    /// (nil when the file system cannot tell). Throws `NotARegularFile` for a named pipe, socket
    /// or device, without waiting on it. Calls `missed`, before reading on, when the bytes were not
    /// all in memory (so reading them waits for the disk); `LocalFileSystem` also calls it when the
    /// system cannot tell, and the default implementation never does.
    func readFileWithInfo(atPath path: String, missed: () -> Void) throws -> (data: Data, info: FileInfo?)
}

extension ContentFileSystem {
    public func readAhead(atPaths paths: [String]) {}
    public func readFileWithInfo(atPath path: String, missed: () -> Void) throws -> (data: Data, info: FileInfo?) {
        (try readFile(atPath: path), nil)
    }
}

/// An entry of a folder, as `ContentFileSystem.entries(ofFolder:)` lists it.
public struct FolderEntry: Sendable, Equatable {
    public var name: String
    /// False only when the entry itself is known not to be a symbolic link (a folder above it may
    /// be): only links need the real-path check.
    public var mayBeLink: Bool

    public init(name: String, mayBeLink: Bool) {
        self.name = name
        self.mayBeLink = mayBeLink
    }
}

/// A content path that names a named pipe, socket or device (directly or through a link): opening
/// a named pipe for reading waits for a writer, so a build with one under `content/` never ended.
public struct NotARegularFile: Error {
    public init() {}
}

/// The real file system.
public struct LocalFileSystem: ContentFileSystem {
    public init() {}

    /// `readdir` with the entry types it reports: an `lstat` per file showed as 10,000 system
    /// calls on one thread in a cold build (docs/performance.md).
    public func entries(ofFolder path: String) throws -> [FolderEntry] {
        try DirectoryWalk.listing(of: path).map { FolderEntry(name: $0.name, mayBeLink: $0.kind == .link) }
    }

    public func isDirectory(atPath path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func fileExists(atPath path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Plain `open`/`fstat`/`read`: `Data(contentsOf:)` cost a sixth of a rebuild in the profile
    /// (docs/performance.md).
    public func readFile(atPath path: String) throws -> Data {
        try readFileWithInfo(atPath: path, missed: {}).data
    }

    /// `O_NONBLOCK`, which changes nothing for a regular file, so that a named pipe (listed as a
    /// content file, or reached through a link) is refused instead of waited on. The first read
    /// takes only what is in memory (`dossier_pread_cached`); when that is not the whole file,
    /// `missed` is called and the rest is read as usual.
    public func readFileWithInfo(atPath path: String, missed: () -> Void) throws -> (data: Data, info: FileInfo?) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CocoaError(.fileReadUnknown) }
        guard let fileInfo = FileInfo(info) else {
            // A folder named like a file cannot be read; anything else that is not a file is special.
            throw (info.st_mode & S_IFMT) == S_IFDIR ? CocoaError(.fileReadUnknown) : NotARegularFile()
        }
        var data = Data(count: Int(info.st_size))
        var filled = 0
        try data.withUnsafeMutableBytes { buffer in
            if buffer.count > 0 {
                let count = dossier_pread_cached(fd, buffer.baseAddress!, buffer.count, 0)
                if count > 0 { filled = count }
                // Short, or nothing in memory, or no way to tell: the rest may wait for the disk.
                if filled < buffer.count { missed() }
            }
            while filled < buffer.count {
                let count = pread(fd, buffer.baseAddress! + filled, buffer.count - filled, off_t(filled))
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw CocoaError(.fileReadUnknown) }
                if count == 0 { break }
                filled += count
            }
        }
        if filled < data.count { data.removeSubrange(filled...) }
        return (data, fileInfo)
    }

    /// `posix_fadvise(WILLNEED)` on each file: the kernel starts reading it and returns at once.
    /// Reading files that are not in memory one after the other on each load worker left the disk
    /// with at most two reads in flight; with the corpus evicted, the load took three times as
    /// long (docs/performance.md, item 70). Links are not followed: this only ever reads ahead
    /// files inside the folders it is given, and a named pipe is not waited on (`O_NONBLOCK`).
    public func readAhead(atPaths paths: [String]) {
        #if os(Linux)
        for path in paths {
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
            guard fd >= 0 else { continue }
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_WILLNEED))
            close(fd)
        }
        #endif
    }

    public func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
