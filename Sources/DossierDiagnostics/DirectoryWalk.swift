import Foundation

/// Lists a folder tree with `readdir`, using the entry types it reports (an `lstat` only when the
/// file system does not report them). Symbolic links are listed, not followed. Several times
/// faster than FileManager's enumerator, which `lstat`s every entry.
public enum DirectoryWalk {
    public enum Kind: Sendable { case file, link, folder, other }

    /// Every entry under `root`, relative to it, parents before their contents. The top levels are
    /// listed one by one until there are enough folders to share out; then the subtrees below them
    /// are walked in parallel (an output tree has a folder per page: 11,000 `opendir` calls for a
    /// 10,000-article site).
    public static func entries(_ root: String, width: Int = Parallel.defaultWidth) -> [(path: String, kind: Kind)] {
        var result: [(path: String, kind: Kind)] = []
        var frontier: [(absolute: String, relative: String)] = [(root, "")]
        while !frontier.isEmpty, frontier.count < 64 || width <= 1 {
            var next: [(absolute: String, relative: String)] = []
            for (absolute, relative) in frontier {
                for (name, kind) in children(of: absolute) {
                    let path = relative.isEmpty ? name : relative + "/" + name
                    result.append((path, kind))
                    if kind == .folder { next.append((absolute + "/" + name, path)) }
                }
            }
            frontier = next
        }
        // On threads of their own: after the page cache has dropped the folders (within a minute on
        // this project's test machine), listing each waits on the disk, and a first rebuild after a
        // pause walked the spare tree's 11,000 folders in 0.6 s on two threads.
        let subtrees = Parallel.mapWaitingOnDisk(frontier, threads: max(width, Parallel.diskThreads)) { folder in
            var found: [(path: String, kind: Kind)] = []
            walk(folder.absolute, folder.relative, into: &found)
            return found
        }
        for subtree in subtrees { result.append(contentsOf: subtree) }
        return result
    }

    /// Every entry below `absolute` (whose path is `relative`), parents before their contents.
    private static func walk(_ absolute: String, _ relative: String, into result: inout [(path: String, kind: Kind)]) {
        for (name, kind) in children(of: absolute) {
            let path = relative.isEmpty ? name : relative + "/" + name
            result.append((path, kind))
            if kind == .folder { walk(absolute + "/" + name, path, into: &result) }
        }
    }

    /// The entries of one folder, in the order `readdir` gives them (links as links, not followed);
    /// none when it cannot be listed.
    public static func children(of absolute: String) -> [(name: String, kind: Kind)] {
        (try? listing(of: absolute)) ?? []
    }

    /// The entries of one folder, in the order `readdir` gives them (links as links, not followed).
    /// Throws the reason (`strerror`) when the folder cannot be opened.
    public static func listing(of absolute: String) throws(CannotList) -> [(name: String, kind: Kind)] {
        guard let directory = opendir(absolute) else { throw CannotList(reason: String(cString: strerror(errno))) }
        defer { closedir(directory) }
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
        return children
    }

    public struct CannotList: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }
}
