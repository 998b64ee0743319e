import DossierDiagnostics
import Mustache

/// HTML escaping that gives exactly swift-mustache's `HTMLContentType` output, faster.
///
/// swift-mustache 2.1.1 escapes every `{{value}}` by walking its Characters (grapheme clusters)
/// and looking each up in a dictionary; in the profile that was a seventh of the render step
/// (docs/performance.md). Most values hold none of `<>&"'`, so this returns them as they are after
/// one pass over the UTF-8 bytes. A value that holds one is escaped Character by Character
/// exactly as swift-mustache does, so a `<` inside a larger grapheme cluster stays as it is there too.
struct FastHTMLContentType: MustacheContentType {
    /// The name templates select it by: `TemplateSet` puts `{{% CONTENT_TYPE: ... }}` on a line of
    /// its own before every template.
    static let name = "DOSSIER_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    /// Registers the content type with swift-mustache, once per process.
    static let registered: Void = MustacheContentTypes.register(FastHTMLContentType(), named: name)

    func escapeText(_ text: String) -> String {
        guard Self.hasSpecial(text) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        Self.appendEscaped(text, to: &escaped)
        return escaped
    }

    /// Appends `text` escaped to `output`; the compiled renderer's escaping, the same as `escapeText`.
    static func appendEscaped(_ text: String, to output: inout String) {
        guard hasSpecial(text) else {
            output += text
            return
        }
        appendCharactersEscaped(text, to: &output)
    }

    /// Escapes Character by Character, as swift-mustache does, whether or not `text` needs it.
    private static func appendCharactersEscaped(_ text: String, to output: inout String) {
        for character in text {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
    }

    /// The same, appended as UTF-8 bytes (the compiled renderer's output).
    static func appendEscaped(_ text: String, to output: inout [UInt8]) {
        guard hasSpecial(text) else {
            output.append(contentsOf: text.utf8)
            return
        }
        var escaped = ""
        appendCharactersEscaped(text, to: &escaped)
        output.append(contentsOf: escaped.utf8)
    }

    /// True when `text` holds one of `<>&"'`. On its contiguous bytes, one bit test a byte (the
    /// five are below 0x40): `utf8.contains(where:)` went through the view's iterator, and was
    /// more of the render step than the escaping itself.
    static func hasSpecial(_ text: String) -> Bool {
        text.withUTF8InPlace { bytes in
            for byte in bytes where byte < 0x40 && (specials >> UInt64(byte)) & 1 != 0 { return true }
            return false
        }
    }

    /// Bit n set for each special byte n.
    private static let specials: UInt64 = [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'")]
        .reduce(0) { $0 | 1 << UInt64($1) }
}
