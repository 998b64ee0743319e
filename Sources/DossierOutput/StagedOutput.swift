import CDossierSys
import DossierDiagnostics
import Foundation

/// Step 5 of the pipeline, the one place that writes: the new site is staged in a folder beside
/// the output and swapped in with one rename when everything succeeded. Files whose bytes did
/// not change are hard-linked from the previous output, so they keep their modification time.
public final class StagedOutput {
    public let output: URL
    public let staging: URL
    var createdFolders: Set<String> = []
    var previousExists: Bool
    public internal(set) var report = WriteReport()
    var stagedPaths: Set<String> = []

    public struct WriteReport: Sendable, Equatable {
        /// Files whose bytes are new or changed.
        public var written = 0
        /// Files kept as they were (hard-linked).
        public var unchanged = 0
        /// Files of the previous output that the new one no longer has.
        public var removed = 0
        public var total: Int { written + unchanged }
    }

    public enum Failure: Error, CustomStringConvertible {
        case unsafePath(String)
        case duplicatePath(String)
        case io(String, String)

        public var description: String {
            switch self {
            case .unsafePath(let path): return "refusing to write '\(path)': it would leave the output folder"
            case .duplicatePath(let path): return "two pages would be written to '\(path)'"
            case .io(let path, let reason): return "\(path): \(reason)"
            }
        }
    }

    /// Prepares an empty staging folder beside `output`, removing one left by a killed build.
    public init(output: URL) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        self.staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).dossier-staging")
        var isDirectory: ObjCBool = false
        previousExists = FileManager.default.fileExists(atPath: self.output.path, isDirectory: &isDirectory)
        if previousExists && !isDirectory.boolValue {
            throw Failure.io(self.output.path, "exists and is not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: staging.path) {
                try FileManager.default.removeItem(at: staging)
            }
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw Failure.io(staging.path, "cannot create the staging folder: \(error.localizedDescription)")
        }
    }

    /// Stage one file. Unchanged bytes are hard-linked from the previous output.
    public func write(path: String, bytes: [UInt8]) throws {
        guard OutputPath.isContained(path) else { throw Failure.unsafePath(path) }
        guard stagedPaths.insert(path).inserted else { throw Failure.duplicatePath(path) }
        let target = staging.path + "/" + path
        try ensureParent(of: path)
        let previous = output.path + "/" + path
        if previousExists, Self.hasSameBytes(previous, bytes) {
            if link(previous, target) == 0 {
                report.unchanged += 1
                return
            }
        }
        try Self.createFile(target, bytes)
        report.written += 1
    }

    /// Copy a file into the staging folder as it is (for `static/` and archived originals).
    public func copy(from source: String, to path: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw Failure.io(source, "cannot read file")
        }
        try write(path: path, bytes: [UInt8](data))
    }

    /// Write the manifest of the staged files and swap the staged site in.
    /// After this returns, the output is the new site.
    public func commit() throws {
        try write(path: Manifest.fileName, bytes: Manifest.render(stagedPaths))
        if previousExists {
            report.removed = countRemoved()
            if dossier_rename_exchange(staging.path, output.path) != 0 {
                // No atomic exchange on this system: fall back to two renames.
                let old = staging.path + ".old"
                try? FileManager.default.removeItem(atPath: old)
                guard rename(output.path, old) == 0, rename(staging.path, output.path) == 0 else {
                    throw Failure.io(output.path, "cannot move the new site into place: \(String(cString: strerror(errno)))")
                }
                try? FileManager.default.removeItem(atPath: old)
                return
            }
            // `staging` now holds the previous site.
            try? FileManager.default.removeItem(at: staging)
        } else {
            guard rename(staging.path, output.path) == 0 else {
                throw Failure.io(output.path, "cannot move the new site into place: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Throw the staged files away; the output stays as it was.
    public func abort() {
        try? FileManager.default.removeItem(at: staging)
    }

    // MARK: - Helpers

    func ensureParent(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        if createdFolders.contains(folder) { return }
        // One mkdir per folder (FileManager's intermediate-folder creation stats every level).
        try ensureParent(of: folder)
        if mkdir(staging.path + "/" + folder, 0o777) != 0 && errno != EEXIST {
            throw Failure.io(folder, "cannot create folder: \(String(cString: strerror(errno)))")
        }
        createdFolders.insert(folder)
    }

    /// Writes a new file. Plain `open`/`write`: FileManager's `createFile` writes a temporary file,
    /// fsyncs and renames it, which the staging folder makes unnecessary and which cost a third of
    /// the write step (docs/performance.md).
    static func createFile(_ target: String, _ bytes: [UInt8]) throws {
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw Failure.io(target, "cannot write file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure.io(target, "cannot write file: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }

    static func hasSameBytes(_ path: String, _ bytes: [UInt8]) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else {
            return false
        }
        guard let data = FileManager.default.contents(atPath: path), data.count == bytes.count else { return false }
        // memcmp: Data's element-by-element iterator showed in the profile (docs/performance.md).
        return data.withUnsafeBytes { old in
            bytes.withUnsafeBytes { new in bytes.isEmpty || memcmp(old.baseAddress!, new.baseAddress!, bytes.count) == 0 }
        }
    }

    private func countRemoved() -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: output.path) else { return 0 }
        var removed = 0
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: output.path + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue, !stagedPaths.contains(path)
            {
                removed += 1
            }
        }
        return removed
    }
}

/// `write(2)`, out of reach of `StagedOutput.write` inside the class.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
