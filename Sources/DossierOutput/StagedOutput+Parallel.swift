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
        var filesIn: [Substring: Int] = [:]
        for file in files {
            guard OutputPath.isContained(file.path) else { throw Failure.unsafePath(file.path) }
            guard stagedPaths.insert(file.path).inserted else { throw Failure.duplicatePath(file.path) }
            if let slash = file.path.lastIndex(of: "/") { filesIn[file.path[..<slash], default: 0] += 1 }
        }
        // A spare tree may hold anything where a folder goes: its folders are made in order.
        var folderToMake = [String?](repeating: nil, count: files.count)
        for (i, file) in files.enumerated() {
            if !reusing, let slash = file.path.lastIndex(of: "/"), filesIn[file.path[..<slash]] == 1 {
                let folder = String(file.path[..<slash])
                if createdFolders.insert(folder).inserted {
                    try ensureParent(of: folder)
                    folderToMake[i] = folder
                    continue
                }
            }
            try ensureParent(of: file.path)
        }
        let stagingPath = staging.path, outputPath = previousExists ? output.path : nil, reusing = reusing
        let folders = folderToMake
        let outcomes: [Result<Bool, Error>] = Parallel.map(Array(files.indices), width: width) { i in
            Result {
                if let folder = folders[i], mkdir(stagingPath + "/" + folder, 0o777) != 0 {
                    throw Failure.io(folder, "cannot create folder: \(String(cString: strerror(errno)))")
                }
                return try Self.place(files[i].bytes, at: files[i].path, staging: stagingPath, output: outputPath, reusing: reusing)
            }
        }
        for outcome in outcomes {
            if try outcome.get() { report.unchanged += 1 } else { report.written += 1 }
        }
    }
}
