/// Checks that a generated file's path stays inside the output folder.
public enum OutputPath {
    /// True for a relative path of plain components: no `..`, no `.`, no empty component,
    /// no leading `/`, no backslash or NUL.
    public static func isContained(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.utf8.contains(UInt8(ascii: "\\")), !path.utf8.contains(0) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component != "." && component != ".."
        }
    }
}
