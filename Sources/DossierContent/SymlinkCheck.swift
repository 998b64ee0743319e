extension ContentLoader {
    /// Why the file at `path` (relative to the dossier folder) must not be read, or nil: a symbolic
    /// link (of the file or of a folder above it) that leads outside the dossier folder, or nowhere.
    public func linkProblem(_ path: String) -> String? {
        guard let root = fileSystem.resolvedPath(root) else { return nil }
        guard let resolved = fileSystem.resolvedPath(absolutePath(path)) else {
            return "symbolic link leads to a file that does not exist"
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard resolved.hasPrefix(prefix) else {
            return "symbolic link leads outside the dossier folder; copy the file into the dossier instead"
        }
        return nil
    }
}
