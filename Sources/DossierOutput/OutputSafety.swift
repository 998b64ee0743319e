import Foundation

/// Refuses output folders that a build could damage: the dossier itself, a folder holding it,
/// anything inside `content/` or `static/`, the root folder and the home folder.
public enum OutputSafety {
    /// Why `output` must not be used for the dossier at `source`, or nil when it is safe.
    public static func problem(output: URL, source: URL, home: String? = ProcessInfo.processInfo.environment["HOME"])
        -> String?
    {
        let out = canonical(output.path)
        let src = canonical(source.path)
        if out == "/" { return "refusing to use '/' as the output folder" }
        if let home, !home.isEmpty, out == canonical(home) {
            return "refusing to use the home folder as the output folder"
        }
        if out == src { return "refusing to use the dossier folder itself as the output folder" }
        if isInside(src, out) { return "refusing to use a folder that contains the dossier as the output folder" }
        for protected in ["content", "static", "templates"] where isInside(out, src + "/" + protected) || out == src + "/" + protected {
            return "refusing to use a folder inside \(protected)/ as the output folder"
        }
        return nil
    }

    /// True when `path` is strictly inside `folder`.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path != folder && path.hasPrefix(prefix)
    }

    /// The absolute path with `.`, `..` and symbolic links resolved, as far as the path exists.
    public static func canonical(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        var existing = standardized
        var rest: [String] = []
        while !existing.isEmpty, existing != "/", realpath(existing, nil) == nil {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        var resolved = existing
        if let pointer = realpath(existing, nil) {
            resolved = String(cString: pointer)
            free(pointer)
        }
        for component in rest {
            resolved = resolved.hasSuffix("/") ? resolved + component : resolved + "/" + component
        }
        return resolved.isEmpty ? "/" : resolved
    }
}
