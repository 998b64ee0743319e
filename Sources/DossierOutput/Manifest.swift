import DossierDiagnostics
import Foundation

/// `.dossier-manifest` in the output folder: the files the last build made, one path a line,
/// sorted by bytes so it reads the same on every machine and diffs line by line.
public enum Manifest {
    public static let fileName = ".dossier-manifest"
    static let header = "# Files made by dossier; a build deletes them when their content is gone. Do not edit.\n"

    public static func render(_ paths: some Sequence<String>) -> [UInt8] {
        var text = header
        for path in sortedPaths(paths) where path != fileName {
            text += path + "\n"
        }
        return Array(text.utf8)
    }

    /// The paths listed in `bytes`; nil when they are not a manifest.
    public static func parse(_ bytes: [UInt8]) -> Set<String>? {
        guard let text = String(validating: bytes, as: UTF8.self), text.hasPrefix("#") else { return nil }
        var paths = Set<String>()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            paths.insert(String(line))
        }
        return paths
    }

    /// The manifest of the output folder, or an empty set when it has none.
    public static func read(output: URL) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: output.path + "/" + fileName) else { return [] }
        return parse([UInt8](data)) ?? []
    }

    public static func sortedPaths(_ paths: some Sequence<String>) -> [String] {
        paths.sorted { $0.bytesPrecede($1) }
    }
}

/// What is already in the output folder, to find the files `dossier` did not make before they are lost.
///
/// A file counts as made by `dossier` when the previous manifest lists it, or when the new build
/// makes the same path with the same bytes (so an output built before manifests existed is adopted
/// without fuss). Any other file would be deleted or overwritten by the swap.
public struct OutputInventory: Sendable {
    public let output: URL
    /// Regular files and links in the output, relative to it, the manifest excepted.
    public private(set) var existing: Set<String> = []
    public private(set) var manifest: Set<String> = []
    private var made: Set<String> = []
    private var overwritten: Set<String> = []

    /// `files`: the output's files when the caller has just listed them (the build cache, which
    /// found the output as the previous build left it); listed here otherwise.
    public init(output: URL, files: [String]? = nil) {
        self.output = output
        manifest = Manifest.read(output: output)
        existing = files.map(Set.init) ?? Self.listFiles(output.path)
        existing.remove(Manifest.fileName)
    }

    /// Record a file of the new build.
    public mutating func note(path: String, bytes: [UInt8]) {
        made.insert(path)
        if existing.contains(path), !manifest.contains(path),
            !StagedOutput.hasSameBytes(output.path + "/" + path, bytes)
        {
            overwritten.insert(path)
        }
    }

    /// Record a file of the new build that is the output's own file, kept as it is (so its bytes
    /// are the output's).
    public mutating func noteKept(path: String) {
        made.insert(path)
    }

    /// Files of the output that `dossier` did not make and that the new build would delete or overwrite.
    public var foreignFiles: [String] {
        let gone = existing.subtracting(made).subtracting(manifest)
        return Manifest.sortedPaths(gone.union(overwritten))
    }

    /// Every regular file and symbolic link under `root`, relative to it. Links are not followed.
    public static func listFiles(_ root: String) -> Set<String> {
        var files = Set<String>()
        for (path, kind) in DirectoryWalk.entries(root) where kind == .file || kind == .link { files.insert(path) }
        return files
    }
}
