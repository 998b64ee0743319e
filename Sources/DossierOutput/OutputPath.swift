/// Checks that a generated file's path stays inside the output folder.
public enum OutputPath {
    /// True for a relative path of plain components: no `..`, no `.`, no empty component,
    /// no leading `/`, no backslash or NUL. On the UTF-8 bytes: splitting into `Character`s was
    /// 1 % of a build's instructions, and a `/` with a combining mark after it is one `Character`
    /// that is not `/` (so `/\u{301}x` passed as relative).
    public static func isContained(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            var start = 0
            for end in 0...bytes.count {
                let byte: UInt8 = end < bytes.count ? bytes[end] : UInt8(ascii: "/")
                if byte == UInt8(ascii: "\\") || byte == 0 { return false }
                guard byte == UInt8(ascii: "/") else { continue }
                let length = end - start
                if length == 0 { return false }
                if bytes[start] == UInt8(ascii: "."), length == 1 || (length == 2 && bytes[start + 1] == UInt8(ascii: ".")) {
                    return false
                }
                start = end + 1
            }
            return true
        }
    }

    /// The folder holding `path` (what comes before its last `/`), or nil for a top-level path.
    /// On the UTF-8 bytes, for the reasons above.
    public static func parent(of path: String) -> Substring? { parent(of: Substring(path)) }

    /// The same, for a folder's parent without making a string of the folder.
    public static func parent(of path: Substring) -> Substring? {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return Substring(path.utf8[..<slash])
    }
}
