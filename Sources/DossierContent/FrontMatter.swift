import DossierDiagnostics

/// A content file split into its YAML front matter and its Markdown body.
public struct SplitDocument: Sendable, Equatable {
    /// The YAML between the `---` lines.
    public var frontMatter: String
    /// The file line of the front matter's first line.
    public var frontMatterLine: Int
    /// The Markdown after the closing `---` line.
    public var body: String
    /// The file line of the body's first line.
    public var bodyLine: Int
}

public enum FrontMatterSplitter {
    /// Split `text` (the whole file) at its `---` fences.
    public static func split(_ text: String, path: String) -> Result<SplitDocument, Diagnostic> {
        let utf8 = text.utf8
        guard let firstEnd = lineEnd(utf8, from: utf8.startIndex),
            isFence(utf8[utf8.startIndex..<firstEnd.contentEnd])
        else {
            return .failure(
                .error(
                    SourceLocation(path: path, line: 1, column: 1),
                    "missing front matter: the file must start with a '---' line"))
        }
        var line = 2
        var cursor = firstEnd.next
        let yamlStart = cursor
        while cursor < utf8.endIndex {
            guard let end = lineEnd(utf8, from: cursor) else { break }
            let content = utf8[cursor..<end.contentEnd]
            if isFence(content) || isDocumentEnd(content) {
                let yaml = String(text[yamlStart..<cursor])
                let body = String(text[end.next...])
                return .success(SplitDocument(frontMatter: yaml, frontMatterLine: 2, body: body, bodyLine: line + 1))
            }
            cursor = end.next
            line += 1
        }
        return .failure(
            .error(
                SourceLocation(path: path, line: 1, column: 1),
                "unterminated front matter: no closing '---' line after the opening one"))
    }

    private struct LineEnd {
        var contentEnd: String.UTF8View.Index
        var next: String.UTF8View.Index
    }

    /// The end of the line starting at `start` (without its `\n` or `\r\n`) and the start of the next.
    private static func lineEnd(_ utf8: String.UTF8View, from start: String.UTF8View.Index) -> LineEnd? {
        guard start < utf8.endIndex else { return nil }
        var index = start
        while index < utf8.endIndex, utf8[index] != UInt8(ascii: "\n") {
            index = utf8.index(after: index)
        }
        var contentEnd = index
        if contentEnd > start, utf8[utf8.index(before: contentEnd)] == UInt8(ascii: "\r") {
            contentEnd = utf8.index(before: contentEnd)
        }
        let next = index < utf8.endIndex ? utf8.index(after: index) : index
        return LineEnd(contentEnd: contentEnd, next: next)
    }

    private static func isFence(_ line: Substring.UTF8View) -> Bool {
        trimmedTrailingSpace(line).elementsEqual("---".utf8)
    }

    private static func isDocumentEnd(_ line: Substring.UTF8View) -> Bool {
        trimmedTrailingSpace(line).elementsEqual("...".utf8)
    }

    private static func trimmedTrailingSpace(_ line: Substring.UTF8View) -> Substring.UTF8View {
        var end = line.endIndex
        while end > line.startIndex {
            let before = line.index(before: end)
            guard line[before] == UInt8(ascii: " ") || line[before] == UInt8(ascii: "\t") else { break }
            end = before
        }
        return line[line.startIndex..<end]
    }
}
