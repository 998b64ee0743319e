import DossierDiagnostics
import Foundation

extension StagedOutput {
    /// Stages many files at once: paths are checked and folders made in order, then the
    /// byte comparisons with the previous output, hard links and writes run on `width` threads.
    /// The result is the same as calling `write(path:bytes:)` for each file in order.
    public func writeAll(_ files: [(path: String, bytes: [UInt8])], width: Int = Parallel.defaultWidth) throws {
        for file in files {
            guard OutputPath.isContained(file.path) else { throw Failure.unsafePath(file.path) }
            guard stagedPaths.insert(file.path).inserted else { throw Failure.duplicatePath(file.path) }
            try ensureParent(of: file.path)
        }
        let stagingPath = staging.path, outputPath = previousExists ? output.path : nil, reusing = reusing
        let outcomes: [Result<Bool, Error>] = Parallel.map(files, width: width) { file in
            Result {
                try Self.place(file.bytes, at: file.path, staging: stagingPath, output: outputPath, reusing: reusing)
            }
        }
        for outcome in outcomes {
            if try outcome.get() { report.unchanged += 1 } else { report.written += 1 }
        }
    }
}
