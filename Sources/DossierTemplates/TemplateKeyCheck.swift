import DossierDiagnostics

/// Finds Mustache tags that name a key no view model provides, such as `{{titel}}`.
///
/// Only the first component of a dotted name is checked (`site` in `{{site.title}}`): Mustache looks
/// that component up through every enclosing section, so the check asks whether any view model has a
/// property of that name.
public enum TemplateKeyCheck {
    /// Names Mustache itself provides inside sections and for sequences.
    public static let builtIns: Set<String> = [".", "first", "last", "index", "even", "odd", "count", "empty", "reversed", "enumerated"]

    /// One variable or section tag of a template.
    public struct Tag: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var column: Int
    }

    /// The names used by `{{name}}`, `{{{name}}}`, `{{&name}}`, `{{#name}}` and `{{^name}}` tags, with the
    /// position of each tag's opening braces. Comments, partials, blocks and closing tags are skipped.
    /// Scanning stops at a set-delimiter tag, after which `{{` no longer opens a tag.
    public static func tags(in text: String) -> [Tag] {
        let bytes = Array(text.utf8)
        var tags: [Tag] = []
        var line = 1, lineStart = 0, i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "{") else {
                i += 1
                continue
            }
            let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).unicodeScalars.count + 1
            var j = i + 2
            var triple = false
            if j < bytes.count, bytes[j] == UInt8(ascii: "{") {
                triple = true
                j += 1
            }
            guard let close = find(bytes, Array("}}".utf8), from: j) else { break }
            var inner = String(decoding: bytes[j..<close], as: UTF8.self)
            var end = close + 2
            if triple, end < bytes.count, bytes[end] == UInt8(ascii: "}") { end += 1 }
            for k in i..<min(end, bytes.count) where bytes[k] == UInt8(ascii: "\n") {
                line += 1
                lineStart = k + 1
            }
            i = end
            inner = inner.trimmingSpaces
            guard let sigil = inner.first else { continue }
            switch sigil {
            case "!", ">", "<", "$", "/": continue
            case "=": return tags
            case "#", "^", "&":
                inner = String(inner.dropFirst()).trimmingSpaces
            default:
                break
            }
            // `transform(name)`: the key is the argument.
            if let open = inner.firstIndex(of: "("), inner.hasSuffix(")") {
                inner = String(inner[inner.index(after: open)..<inner.index(before: inner.endIndex)])
            }
            let first = inner == "." ? "." : String(inner.split(separator: ".", maxSplits: 1).first ?? "")
            guard !first.isEmpty else { continue }
            tags.append(Tag(name: first, line: line, column: column))
        }
        return tags
    }

    /// An error for every tag whose name is neither a view-model property nor a Mustache built-in.
    public static func check(_ text: String, path: String, known: Set<String>) -> Diagnostics {
        var diagnostics = Diagnostics()
        for tag in tags(in: text) where !known.contains(tag.name) && !builtIns.contains(tag.name) {
            diagnostics.error(
                SourceLocation(path: path, line: tag.line, column: tag.column),
                "template names '\(tag.name)', which no view model provides" + Suggestion.hint(for: tag.name, in: known))
        }
        return diagnostics
    }

    private static func find(_ bytes: [UInt8], _ needle: [UInt8], from start: Int) -> Int? {
        var j = start
        while j + needle.count <= bytes.count {
            if bytes[j..<j + needle.count].elementsEqual(needle) { return j }
            j += 1
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while let f = scalars.first, f == " " || f == "\t" || f == "\n" || f == "\r" { scalars = scalars.dropFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\n" || l == "\r" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
