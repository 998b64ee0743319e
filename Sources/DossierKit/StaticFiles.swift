import DossierDiagnostics
import DossierOutput
import Foundation

/// `static/` in the dossier folder: files copied into the output as they are (`CNAME`, images).
public enum StaticFiles {
    public static let folder = "static"

    public struct File: Sendable, Equatable {
        /// Relative to `static/`, which is also the path in the output.
        public var path: String
        public var absolutePath: String
    }

    /// Every file under `SOURCE/static/`, sorted by path. Symbolic links must stay inside the dossier.
    public static func list(source: URL) -> (files: [File], diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        let base = source.path + "/" + folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ([], diagnostics)
        }
        let root = OutputSafety.canonical(source.path)
        var files: [File] = []
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return ([], diagnostics) }
        while let path = enumerator.nextObject() as? String {
            let absolute = base + "/" + path
            let shown = SourceLocation(path: folder + "/" + path)
            var info = stat()
            guard lstat(absolute, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { continue }
            if type == S_IFLNK {
                let target = OutputSafety.canonical(absolute)
                guard target.hasPrefix(root + "/"), FileManager.default.fileExists(atPath: target) else {
                    diagnostics.error(shown, "symbolic link leads outside the dossier folder or nowhere")
                    continue
                }
                var targetIsDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: target, isDirectory: &targetIsDirectory), targetIsDirectory.boolValue {
                    diagnostics.error(shown, "symbolic link to a folder; copy the folder into static/ instead")
                    continue
                }
            } else if type != S_IFREG {
                diagnostics.error(shown, "not a regular file")
                continue
            }
            guard OutputPath.isContained(path) else {
                diagnostics.error(shown, "file name cannot be used in the output")
                continue
            }
            if path == Manifest.fileName {
                diagnostics.error(shown, "'\(Manifest.fileName)' is the name of dossier's own list of files")
                continue
            }
            files.append(File(path: path, absolutePath: absolute))
        }
        files.sort { $0.path.bytesPrecede($1.path) }
        return (files, diagnostics)
    }
}
