import DossierDiagnostics
import Foundation

/// The write step of a rebuild over an output that the previous build wrote and that is still
/// exactly as it left it (the build cache checks that). Instead of staging the whole site and
/// swapping it in, which creates and deletes a folder and a link per page, it stages only the files
/// whose bytes changed, in a flat folder beside the output; when every page has rendered, it moves
/// each into place with one rename and removes the files of the previous build that the new one
/// no longer has. Unchanged files are not touched, so they keep their modification times.
///
/// Nothing in the output changes until `commit`; a failed build leaves it as it was. Unlike
/// `StagedOutput`, the commit is one rename per changed file rather than one for the whole site.
/// Only files the previous build wrote (`previousFiles`) are ever removed.
public final class PatchedOutput {
    public let output: URL
    public let staging: URL
    private let previousFiles: Set<String>
    private var stagedPaths: Set<String> = []
    private var pending: [(path: String, temporary: String)] = []
    public private(set) var report = StagedOutput.WriteReport()

    public init(output: URL, previousFiles: [String]) throws {
        self.output = output.standardizedFileURL
        self.previousFiles = Set(previousFiles)
        staging = self.output.deletingLastPathComponent()
            .appendingPathComponent(".\(self.output.lastPathComponent).dossier-patch")
        do {
            if FileManager.default.fileExists(atPath: staging.path) {
                try FileManager.default.removeItem(at: staging)
            }
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw StagedOutput.Failure.io(staging.path, "cannot create the staging folder: \(error.localizedDescription)")
        }
    }

    /// Stages the files whose bytes differ from the output's; compares and writes on `width` threads.
    public func writeAll(_ files: [(path: String, bytes: [UInt8])], width: Int = Parallel.defaultWidth) throws {
        var temporaries: [String] = []
        for file in files {
            try claim(file.path)
            temporaries.append(staging.path + "/\(stagedPaths.count)")
        }
        let outputPath = output.path
        let jobs = Array(zip(files.map(\.bytes), zip(files.map(\.path), temporaries)))
        let outcomes: [Result<Bool, Error>] = Parallel.map(jobs, width: width) { bytes, paths in
            Result {
                if StagedOutput.hasSameBytes(outputPath + "/" + paths.0, bytes) { return true }
                try StagedOutput.createFile(paths.1, bytes)
                return false
            }
        }
        for (index, outcome) in outcomes.enumerated() {
            if try outcome.get() {
                report.unchanged += 1
            } else {
                report.written += 1
                pending.append((files[index].path, temporaries[index]))
            }
        }
    }

    /// Keeps files of the previous output as they are (pages the build cache knows are unchanged).
    public func keep(_ paths: [String]) throws {
        for path in paths {
            try claim(path)
            guard previousFiles.contains(path) else { throw StagedOutput.Failure.io(path, "not in the previous output") }
            report.unchanged += 1
        }
    }

    /// Removes the previous build's files that are gone, then moves the changed files into place.
    /// Removing first lets a new folder take the place of a removed file of the same name.
    public func commit() throws {
        var emptied: Set<String> = []
        for path in previousFiles.subtracting(stagedPaths).sorted() {
            if unlink(output.path + "/" + path) == 0 {
                report.removed += 1
                emptied.insert((path as NSString).deletingLastPathComponent)
            }
        }
        var createdFolders: Set<String> = []
        for (path, temporary) in pending {
            var folders: [String] = []
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, !createdFolders.contains(folder) {
                folders.append(folder)
                createdFolders.insert(folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
            for folder in folders.reversed() {
                let absolute = output.path + "/" + folder
                if mkdir(absolute, 0o777) != 0 && errno != EEXIST {
                    throw StagedOutput.Failure.io(absolute, "cannot create folder: \(String(cString: strerror(errno)))")
                }
            }
            let target = output.path + "/" + path
            guard rename(temporary, target) == 0 else {
                throw StagedOutput.Failure.io(target, "cannot move the new file into place: \(String(cString: strerror(errno)))")
            }
        }
        // Remove folders left empty, deepest first; rmdir refuses folders that still hold anything.
        var folders = emptied
        for folder in emptied {
            var parent = (folder as NSString).deletingLastPathComponent
            while !parent.isEmpty {
                folders.insert(parent)
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        for folder in folders.sorted(by: { $0.count > $1.count }) where !folder.isEmpty {
            rmdir(output.path + "/" + folder)
        }
        try? FileManager.default.removeItem(at: staging)
    }

    /// Throws the staged files away; the output stays as it was.
    public func abort() {
        try? FileManager.default.removeItem(at: staging)
    }

    private func claim(_ path: String) throws {
        guard OutputPath.isContained(path) else { throw StagedOutput.Failure.unsafePath(path) }
        guard stagedPaths.insert(path).inserted else { throw StagedOutput.Failure.duplicatePath(path) }
    }
}
