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

    public func readFile(atPath path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    public func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
