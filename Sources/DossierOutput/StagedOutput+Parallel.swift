import DossierDiagnostics
import Foundation

extension StagedOutput {
    /// Stages many files at once: paths are checked and shared folders made in order, then the
    /// byte comparisons with the previous output, hard links and writes run on `width` threads.
    /// A new folder that holds one file of the batch (a page's folder) is made by the thread that
    /// writes the file: made in order, the folders of a cold 10k build were 0.3 s of kernel time
    /// on one thread, which the render threads waited for (docs/performance.md).
    /// The result is the same as calling `write(path:bytes:)` for each file in order.
    public func writeAll(_ files: [(path: String, bytes: [UInt8])], width: Int = Parallel.defaultWidth) throws {
        for file in files {
            guard OutputPath.isContained(file.path) else { throw Failure.unsafePath(file.path) }
            guard stagedPaths.insert(file.path).inserted else { throw Failure.duplicatePath(file.path) }
        }
        // A spare tree may hold anything where a folder goes: its folders are all made in order.
        var folderToMake = reusing ? [String?](repeating: nil, count: files.count) : Self.pageFolders(files.map(\.path))
        for (i, file) in files.enumerated() {
            if let folder = folderToMake[i], createdFolders.insert(folder).inserted {
                try ensureParent(of: folder)
            } else {
                folderToMake[i] = nil
                try ensureParent(of: file.path)
            }
        }
        let stagingPath = staging.path, outputPath = previousExists ? output.path : nil, reusing = reusing
        let folders = folderToMake, maker = folderMaker
        let outcomes: [Result<Placed, Error>] = Parallel.map(Array(files.indices), width: width) { i in
            Result {
                // A folder the maker has made is not made again: `mkdir` takes the parent's lock
                // even when the folder exists. One it is making may be made by both (EEXIST).
                if let folder = folders[i], !(maker?.hasMade(folder) ?? false),
                    mkdir(stagingPath + "/" + folder, 0o777) != 0, !(errno == EEXIST && maker != nil)
                {
                    throw Failure.io(folder, "cannot create folder: \(String(cString: strerror(errno)))")
                }
                return try Self.place(files[i].bytes, at: files[i].path, staging: stagingPath, output: outputPath, reusing: reusing)
            }
        }
        for (file, outcome) in zip(files, outcomes) { note(file.path, try outcome.get()) }
    }

    /// For each path, the folder holding it when nothing else of the batch lies below that folder
    /// (a page's own folder), or nil: such a folder can be made by the thread that writes the file,
    /// since no other thread needs it. Its parents are still made in order, beforehand.
    static func pageFolders(_ paths: [String]) -> [String?] {
        var filesBelow: [Substring: Int] = [:]
        for path in paths {
            var folder = OutputPath.parent(of: path)
            while let current = folder {
                filesBelow[current, default: 0] += 1
                folder = OutputPath.parent(of: current)
            }
        }
        return paths.map { path in
            guard let folder = OutputPath.parent(of: path), filesBelow[folder] == 1 else { return nil }
            return String(folder)
        }
    }
}
