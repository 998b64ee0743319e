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
        let stagingPath = staging.path, outputPath = output.path, previousExists = previousExists
        let outcomes: [Result<Bool, Error>] = Parallel.map(files, width: width) { file in
            Result {
                let target = stagingPath + "/" + file.path
                let previous = outputPath + "/" + file.path
                if previousExists, Self.hasSameBytes(previous, file.bytes), link(previous, target) == 0 {
                    return true
                }
                try Self.createFile(target, file.bytes)
                return false
            }
        }
        for outcome in outcomes {
            if try outcome.get() { report.unchanged += 1 } else { report.written += 1 }
        }
    }
}
