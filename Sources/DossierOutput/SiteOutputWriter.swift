import DossierDiagnostics
import Foundation

/// The write step as `BackgroundWriter` drives it. `StagedOutput` is the one writer: it stages
/// the whole site beside the output and swaps it in.
public protocol SiteOutputWriter: AnyObject {
    var report: StagedOutput.WriteReport { get }
    func writeAll(_ files: [(path: String, bytes: [UInt8])], width: Int) throws
    /// Keeps these files of the previous output as they are.
    func keep(_ paths: [String]) throws
    func commit() throws
    func abort()
}


extension StagedOutput: SiteOutputWriter {
    public func keep(_ paths: [String]) throws {
        for path in paths {
            guard OutputPath.isContained(path) else { throw Failure.unsafePath(path) }
            guard stagedPaths.insert(path).inserted else { throw Failure.duplicatePath(path) }
            try ensureParent(of: path)
            guard previousExists else { throw Failure.io(path, "cannot keep a file: there is no previous output") }
            try Self.keepLinked(path, staging: staging.path, output: output.path, reusing: reusing)
            report.unchanged += 1
        }
    }
}
