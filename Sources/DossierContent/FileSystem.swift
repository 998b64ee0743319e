import Foundation

/// The file access that loading needs. Tests inject their own to control listing order and failures.
public protocol ContentFileSystem: Sendable {
    /// Names of the entries in a folder, in any order.
    func contentsOfDirectory(atPath path: String) throws -> [String]
    func isDirectory(atPath path: String) -> Bool
    func fileExists(atPath path: String) -> Bool
    func readFile(atPath path: String) throws -> Data
    /// The real path after resolving symbolic links, or nil when there is no such file.
    func resolvedPath(_ path: String) -> String?
    /// False only when `path` itself is known not to be a symbolic link (a folder above it may be).
    func mayBeSymbolicLink(atPath path: String) -> Bool
}

extension ContentFileSystem {
    /// A file system that cannot tell: every file is checked with `resolvedPath`.
    public func mayBeSymbolicLink(atPath path: String) -> Bool { true }
}

/// The real file system.
public struct LocalFileSystem: ContentFileSystem {
    public init() {}

    public func contentsOfDirectory(atPath path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path)
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
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw CocoaError(.fileReadUnknown) }
        var data = Data(count: Int(info.st_size))
        var filled = 0
        try data.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let count = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw CocoaError(.fileReadUnknown) }
                if count == 0 { break }
                filled += count
            }
        }
        if filled < data.count { data.removeSubrange(filled...) }
        return data
    }

    /// One `lstat`, where `realpath` reads every folder of the path as a link (a tenth of the
    /// system calls of a cold build, on one thread).
    public func mayBeSymbolicLink(atPath path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) != 0 || (info.st_mode & S_IFMT) == S_IFLNK
    }

    public func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
