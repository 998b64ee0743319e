import Foundation

/// Lists a folder tree with `readdir`, using the entry types it reports (an `lstat` only when the
/// file system does not report them). Symbolic links are listed, not followed. Several times
/// faster than FileManager's enumerator, which `lstat`s every entry.
public enum DirectoryWalk {
    public enum Kind: Sendable { case file, link, folder, other }

    /// Every entry under `root`, relative to it, parents before their contents.
    public static func entries(_ root: String) -> [(path: String, kind: Kind)] {
        var result: [(path: String, kind: Kind)] = []
        func walk(_ absolute: String, _ relative: String) {
            guard let directory = opendir(absolute) else { return }
            var children: [(name: String, kind: Kind)] = []
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                var kind: Kind
                switch Int(entry.pointee.d_type) {
                case Int(DT_REG): kind = .file
                case Int(DT_LNK): kind = .link
                case Int(DT_DIR): kind = .folder
                case Int(DT_UNKNOWN):
                    var info = stat()
                    guard lstat(absolute + "/" + name, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFREG: kind = .file
                    case S_IFLNK: kind = .link
                    case S_IFDIR: kind = .folder
                    default: kind = .other
                    }
                default: kind = .other
                }
                children.append((name, kind))
            }
            closedir(directory)
            for (name, kind) in children {
                let path = relative.isEmpty ? name : relative + "/" + name
                result.append((path, kind))
                if kind == .folder { walk(absolute + "/" + name, path) }
            }
        }
        walk(root, "")
        return result
    }
}
