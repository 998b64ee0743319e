import Crypto
import DossierContent
import DossierDiagnostics
import DossierOutput
import Foundation

/// What `stat` says about a file: enough to tell, like git's index, that a file has not changed
/// since it was last hashed (`ctime` cannot be set back by hand, unlike `mtime`). The loader's
/// `fstat` of each file it reads gives the same (`FileInfo`).
typealias FileStamp = FileInfo

extension FileInfo {
    /// Follows symbolic links; nil unless `path` is a regular file.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// In an input whose stamp and hash the loader is to give (`BuildCache.completed`); never recorded.
    static let pending = FileInfo(size: -1, mtime: 0, ctime: 0, inode: 0)
}

/// Walks a folder: every regular file below it, as sorted relative paths, following symbolic
/// links to files and folders (each real folder once, so a link loop ends).
enum FileTree {
    static func files(under root: String, skipping skip: (_ relative: String, _ name: String) -> Bool = { _, _ in false })
        -> [String]
    {
        // Each folder's entries in `readdir` order, which only matters when a symbolic link leads
        // to a folder (the first path to a real folder wins): a walk that meets one is done again
        // with every folder's entries sorted. Sorting the 10,000 entries of `content/articles`
        // was a third of this walk, on the main thread before any other work of a cold build.
        let found = walk(root, sortingEntries: false, skip) ?? walk(root, sortingEntries: true, skip) ?? []
        return found.sorted()
    }

    /// The files below `root`, unsorted; nil when `sortingEntries` is false and a symbolic link
    /// to a folder is met.
    private static func walk(
        _ root: String, sortingEntries: Bool, _ skip: (_ relative: String, _ name: String) -> Bool
    ) -> [String]? {
        var result: [String] = []
        var visited = Set<String>()
        // Only a symbolic link can make a loop: the real path is checked for the root and for
        // folders reached through a link (realpath per folder showed in the profile).
        func enter(_ absolute: String) -> Bool {
            guard let real = realpath(absolute, nil) else { return false }
            defer { free(real) }
            return visited.insert(String(cString: real)).inserted
        }
        func walk(_ absolute: String, _ relative: String) -> Bool {
            var children = DirectoryWalk.children(of: absolute)
            if sortingEntries { children.sort { $0.name < $1.name } }
            for (name, kind) in children {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                if skip(childRelative, name) { continue }
                var isFolder = kind == .folder
                var isFile = kind == .file
                let isLink = kind == .link
                if isLink {
                    var info = stat()
                    guard stat(absolute + "/" + name, &info) == 0 else { continue }
                    isFolder = (info.st_mode & S_IFMT) == S_IFDIR
                    isFile = (info.st_mode & S_IFMT) == S_IFREG
                    if isFolder, !sortingEntries { return false }
                }
                if isFolder {
                    let childAbsolute = absolute + "/" + name
                    if isLink, !enter(childAbsolute) { continue }
                    guard walk(childAbsolute, childRelative) else { return false }
                } else if isFile {
                    result.append(childRelative)
                }
            }
            return true
        }
        guard enter(root) else { return [] }
        return walk(root, "") ? result : nil
    }

    /// SHA-256 of a file's bytes, hex; nil when it cannot be read. Plain `open`/`read` in 64 KiB
    /// pieces: `FileManager.contents` made hashing a cold build's inputs 8 % of its samples.
    static func sha256(path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress!, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize().hexString
    }
}
