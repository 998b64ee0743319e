import DossierDiagnostics
import Foundation
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

    /// True when `text` holds one of `<>&"'`. A byte at a time, with a bit test, was 1 % of a
    /// build's instructions (the lists of article titles on actor pages are long); C's `strcspn`
    /// (SSE 4.2 in glibc) scans sixteen bytes at a time. It stops at a NUL too, so a NUL inside the
    /// text is stepped over. (`SIMD16` comparisons were compiled a lane at a time: four times
    /// slower than the byte loop.)
    static func hasSpecial(_ text: String) -> Bool {
        var remaining = text.utf8.count
        return text.withCString { start in
            var p = start
            while remaining > 0 {
                let span = strcspn(p, specialCharacters)
                guard span < remaining else { return false }
                if p[span] != 0 { return true }
                p += span + 1
                remaining -= span + 1
            }
            return false
        }
    }

    /// A C string made once: passing a Swift string made a C copy of it at every call.
    // Written once, on first use, and only read after: safe to share.
    nonisolated(unsafe) private static let specialCharacters = UnsafePointer(strdup("<>&\"'")!)
}
