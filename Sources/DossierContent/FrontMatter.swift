import DossierDiagnostics
import Foundation

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
    /// Split `text` (the whole file) at its `---` fences. On the UTF-8 bytes, line by line with
    /// `memchr`: stepping through `String.UTF8View` indices was 0.4 % of a build's instructions.
    public static func split(_ text: String, path: String) -> Result<SplitDocument, Diagnostic> {
        var text = text
        return text.withUTF8 { split($0, path: path) }
    }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> Result<SplitDocument, Diagnostic> {
        guard let firstEnd = lineEnd(bytes, from: 0), isMarker(bytes, 0..<firstEnd.contentEnd, UInt8(ascii: "-")) else {
            return .failure(
                .error(
                    SourceLocation(path: path, line: 1, column: 1),
                    "missing front matter: the file must start with a '---' line"))
        }
        var line = 2
        var cursor = firstEnd.next
        let yamlStart = cursor
        while let end = lineEnd(bytes, from: cursor) {
            let content = cursor..<end.contentEnd
            if isMarker(bytes, content, UInt8(ascii: "-")) || isMarker(bytes, content, UInt8(ascii: ".")) {
                // Both pieces end or start just after a line feed, so each is whole UTF-8.
                let yaml = String(decoding: UnsafeBufferPointer(rebasing: bytes[yamlStart..<cursor]), as: UTF8.self)
                let body = String(decoding: UnsafeBufferPointer(rebasing: bytes[end.next...]), as: UTF8.self)
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

    /// The end of the line starting at byte `start` (without its `\n` or `\r\n`) and the start of
    /// the next; nil at the end of the text.
    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (contentEnd: Int, next: Int)? {
        let n = bytes.count
        guard start < n, let base = bytes.baseAddress else { return nil }
        let newline =
            memchr(base + start, Int32(UInt8(ascii: "\n")), n - start).map {
                base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            } ?? n
        var contentEnd = newline
        if contentEnd > start, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
        return (contentEnd, newline < n ? newline + 1 : n)
    }

    /// Whether the line is `marker` three times (`---` or `...`), then spaces or tabs at most.
    private static func isMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ marker: UInt8) -> Bool {
        var end = line.upperBound
        while end > line.lowerBound, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return end - line.lowerBound == 3 && bytes[line.lowerBound] == marker && bytes[line.lowerBound + 1] == marker
            && bytes[line.lowerBound + 2] == marker
    }
}
