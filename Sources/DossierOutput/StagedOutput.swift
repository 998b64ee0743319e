import CDossierSys
import DossierDiagnostics
import Foundation

/// Step 5 of the pipeline, the one place that writes: the new site is staged in a folder beside
/// the output and swapped in with one rename when everything succeeded. Files whose bytes did
/// not change are hard-linked from the previous output, so they keep their modification time.
///
/// After the swap the staging folder holds the previous site, and it is kept: the next build
/// brings that spare tree up to date in place (most of its files are already hard links of the
/// output's) instead of creating every folder and link anew and deleting a whole tree, which on
/// ext4 made a one-page rebuild spend seconds in the kernel. Nothing in the staging folder is
/// trusted: every planned file is checked against the output or rewritten, and every other file is
/// removed before the swap.
public final class StagedOutput {
    public let output: URL
    public let staging: URL
    var createdFolders: Set<String> = []
    var previousExists: Bool
    public internal(set) var report = WriteReport()
    var stagedPaths: Set<String> = []
    /// The staged files this build wrote (not those linked to the output's), with their `fstat`
    /// as written: renaming the staging folder into place leaves them as they are.
    public internal(set) var writtenFiles: [String: FileInfo] = [:]
    /// The staging folder is the spare tree of an earlier build, brought up to date in place.
    let reusing: Bool
    /// The thread making a new staging tree's folders ahead of its files (`makeFolders(holding:)`).
    var folderMaker: FolderMaker?

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

    /// The output's files, when the caller has just listed them (to count the removed ones).
    let outputFiles: [String]?

    /// Prepares an empty staging folder beside `output`, removing one left by a killed build.
    /// `outputFiles`: the output's files, when the caller has just listed them.
    public init(output: URL, outputFiles: [String]? = nil) throws {
        self.outputFiles = outputFiles
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        self.staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).dossier-staging")
        var isDirectory: ObjCBool = false
        previousExists = FileManager.default.fileExists(atPath: self.output.path, isDirectory: &isDirectory)
        if previousExists && !isDirectory.boolValue {
            throw Failure.io(self.output.path, "exists and is not a folder")
        }
        var stagingIsFolder: ObjCBool = false
        let stagingExists = FileManager.default.fileExists(atPath: staging.path, isDirectory: &stagingIsFolder)
        reusing = previousExists && stagingExists && stagingIsFolder.boolValue
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            if !reusing {
                if stagingExists { try FileManager.default.removeItem(at: staging) }
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            }
        } catch {
            throw Failure.io(staging.path, "cannot create the staging folder: \(error.localizedDescription)")
        }
    }

    /// Starts making, on a thread of its own, the folders of the files at `paths` (the pages the
    /// build will write), so the writer finds them made. Only in a new staging tree: a spare tree
    /// has most of its folders already. Call it once, before the first write.
    public func makeFolders(holding paths: [String]) {
        guard !reusing, folderMaker == nil, stagedPaths.isEmpty else { return }
        folderMaker = FolderMaker(staging: staging.path, paths: paths)
    }

    /// Stage one file. Unchanged bytes are hard-linked from the previous output.
    public func write(path: String, bytes: [UInt8]) throws {
        guard OutputPath.isContained(path) else { throw Failure.unsafePath(path) }
        guard stagedPaths.insert(path).inserted else { throw Failure.duplicatePath(path) }
        try ensureParent(of: path)
        note(path, try Self.place(bytes, at: path, staging: staging.path, output: previousExists ? output.path : nil, reusing: reusing))
    }

    /// What `place` did with one file.
    struct Placed {
        /// The output already had these bytes.
        var unchanged: Bool
        /// The new file's `fstat`, when `place` wrote one.
        var written: FileInfo?
    }

    func note(_ path: String, _ placed: Placed) {
        if placed.unchanged { report.unchanged += 1 } else { report.written += 1 }
        if let info = placed.written { writtenFiles[path] = info }
    }

    /// Makes `staging/path` hold `bytes`. Unchanged when the output already has these bytes at
    /// `path` (the staged file is then a hard link of the output's, keeping its modification time).
    /// A staged file that may share its inode with the output's is never written through: it is
    /// unlinked first, so the live output cannot change.
    static func place(_ bytes: [UInt8], at path: String, staging: String, output: String?, reusing: Bool) throws -> Placed {
        let target = staging + "/" + path
        let previous = output.map { $0 + "/" + path }
        if let previous, hasSameBytes(previous, bytes) {
            if reusing && isSameFile(target, previous) { return Placed(unchanged: true) }
            if reusing { try removeIfPresent(target) }
            if link(previous, target) == 0 { return Placed(unchanged: true) }
        }
        if reusing, hasSameBytes(target, bytes), !(previous.map { isSameFile(target, $0) } ?? false) {
            return Placed(unchanged: false)  // already staged by an earlier build, and not shared with the output
        }
        // A new staging folder holds only what this build staged, each path once: nothing to remove
        // (an unlink per file that failed showed in the profile). `createFile` refuses to overwrite.
        if reusing { try removeIfPresent(target) }
        return Placed(unchanged: false, written: try createFile(target, bytes))
    }

    /// Makes `staging/path` a hard link of the output's file (a page known to be unchanged).
    static func keepLinked(_ path: String, staging: String, output: String, reusing: Bool) throws {
        let target = staging + "/" + path, previous = output + "/" + path
        if reusing && isSameFile(target, previous) { return }
        if reusing { try removeIfPresent(target) }
        guard link(previous, target) == 0 else {
            throw Failure.io(path, "cannot keep the previous file: \(String(cString: strerror(errno)))")
        }
    }

    /// True when both paths name the same inode.
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard lstat(a, &first) == 0, lstat(b, &second) == 0 else { return false }
        return first.st_ino == second.st_ino && first.st_dev == second.st_dev
    }

    /// Removes whatever is at `path` in the staging tree (a file, a link or a folder), if anything.
    static func removeIfPresent(_ path: String) throws {
        if unlink(path) == 0 || errno == ENOENT { return }
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            do { try FileManager.default.removeItem(atPath: path) } catch {
                throw Failure.io(path, "cannot replace folder: \(error.localizedDescription)")
            }
            return
        }
        throw Failure.io(path, "cannot replace file: \(String(cString: strerror(errno)))")
    }

    /// The files of the staged site (after `commit`, of the output), sorted by their UTF-8 bytes
    /// (`Manifest.sortedPaths`).
    public var stagedFiles: [String] {
        if let committedFiles, committedFiles.count == stagedPaths.count { return committedFiles }
        return Manifest.sortedPaths(stagedPaths)
    }

    /// `stagedFiles` as `commit` sorted them for the manifest, the manifest added: the same 11,000
    /// paths were sorted once for the manifest and once more for the build cache.
    private var committedFiles: [String]?

    /// Write the manifest of the staged files and swap the staged site in.
    /// After this returns, the output is the new site.
    public func commit() throws {
        try removeUnusedFolders()
        var files = Manifest.sortedPaths(stagedPaths)
        // Sorted already, so the manifest's own sort finds one run.
        try write(path: Manifest.fileName, bytes: Manifest.render(files))
        files.insert(Manifest.fileName, at: files.firstIndex { Manifest.fileName.bytesPrecede($0) } ?? files.count)
        committedFiles = files
        if reusing { try prune() }
        if previousExists {
            report.removed = countRemoved()
            if dossier_rename_exchange(staging.path, output.path) != 0 {
                // No atomic exchange on this system: fall back to three renames.
                let old = staging.path + ".old"
                try? FileManager.default.removeItem(atPath: old)
                guard rename(output.path, old) == 0, rename(staging.path, output.path) == 0 else {
                    throw Failure.io(output.path, "cannot move the new site into place: \(String(cString: strerror(errno)))")
                }
                _ = rename(old, staging.path)  // the spare tree for the next build
                return
            }
            // `staging` now holds the previous site: the spare tree for the next build.
        } else {
            guard rename(staging.path, output.path) == 0 else {
                throw Failure.io(output.path, "cannot move the new site into place: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Throw the staged files away; the output stays as it was.
    public func abort() {
        folderMaker?.stop()
        try? FileManager.default.removeItem(at: staging)
    }

    // MARK: - Helpers

    /// Waits for the folder maker, then removes the folders it made that hold no staged file (a
    /// page planned early that the build did not write), deepest first.
    private func removeUnusedFolders() throws {
        guard let maker = folderMaker else { return }
        let made = maker.wait()
        folderMaker = nil
        // Every folder made is above a planned page: when all of those are staged, all are in use.
        guard maker.paths.contains(where: { !stagedPaths.contains($0) }) else { return }
        var used = Set<Substring>()
        for path in stagedPaths {
            var folder = OutputPath.parent(of: path)
            while let current = folder, used.insert(current).inserted { folder = OutputPath.parent(of: current) }
        }
        for folder in made.reversed() where !used.contains(Substring(folder)) {
            guard rmdir(staging.path + "/" + folder) == 0 || errno == ENOENT else {
                throw Failure.io(folder, "cannot remove unused folder: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Removes what a reused staging tree holds beyond the staged files: files of pages that are
    /// gone, and folders left empty.
    private func prune() throws {
        var folders: [String] = []
        for (path, kind) in DirectoryWalk.entries(staging.path) {
            if kind == .folder {
                folders.append(path)
            } else if !stagedPaths.contains(path) {
                try Self.removeIfPresent(staging.path + "/" + path)
            }
        }
        // Deepest first; rmdir leaves folders that still hold something.
        for folder in folders.sorted(by: { $0.utf8.count > $1.utf8.count }) where !createdFolders.contains(folder) {
            rmdir(staging.path + "/" + folder)
        }
    }

    func ensureParent(of path: String) throws {
        guard let parent = OutputPath.parent(of: path) else { return }
        let folder = String(parent)
        if createdFolders.contains(folder) { return }
        if folderMaker?.hasMade(folder) == true {
            createdFolders.insert(folder)
            return
        }
        // One mkdir per folder (FileManager's intermediate-folder creation stats every level).
        try ensureParent(of: folder)
        let absolute = staging.path + "/" + folder
        if mkdir(absolute, 0o777) != 0 {
            var info = stat()
            let isFolder = errno == EEXIST && lstat(absolute, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            if !isFolder {
                // A reused tree may hold a file where this build needs a folder.
                try Self.removeIfPresent(absolute)
                guard mkdir(absolute, 0o777) == 0 else {
                    throw Failure.io(folder, "cannot create folder: \(String(cString: strerror(errno)))")
                }
            }
        }
        createdFolders.insert(folder)
    }

    /// Writes a new file. Plain `open`/`write`: FileManager's `createFile` writes a temporary file,
    /// fsyncs and renames it, which the staging folder makes unnecessary and which cost a third of
    /// the write step (docs/performance.md).
    /// Writes a new file; returns what `fstat` says of it once written (nil if it cannot say), so
    /// the build cache need not `stat` the file again to record it.
    @discardableResult
    static func createFile(_ target: String, _ bytes: [UInt8]) throws -> FileInfo? {
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
        var info = stat()
        return fstat(fd, &info) == 0 ? FileInfo(info) : nil
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
        if let outputFiles { return outputFiles.filter { !stagedPaths.contains($0) }.count }
        var removed = 0
        for (path, kind) in DirectoryWalk.entries(output.path) where kind != .folder && !stagedPaths.contains(path) {
            if kind == .link {
                // A link counts as its target does (a link to a folder is not a removed file).
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: output.path + "/" + path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else { continue }
            }
            removed += 1
        }
        return removed
    }
}

/// `write(2)`, out of reach of the `write` methods inside the writers' classes.
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
