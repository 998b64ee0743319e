import DossierContent
import DossierDiagnostics
import Foundation
import Testing

/// Random input for the front-matter splitter: it never crashes, always gives a result or an error,
/// and a result always puts the input back together exactly.
@Suite("Front-matter splitter properties")
struct SplitterPropertyTests {
    static let pieces: [String] = [
        "---", "---\n", "--- \n", "---\t\r\n", "...\n", "-- -\n", "----\n", "\n", "\r\n", "\r", "\0", " ", "\t",
        "title: x\n", "a: [1, 2\n", "é", "☃", "\u{FEFF}", "---\r\n", "#", ":", "- item\n", "\"", "'",
    ]

    static func randomText(_ generator: inout SeededGenerator) -> String {
        var text = ""
        let count = Int.random(in: 0...24, using: &generator)
        for _ in 0..<count {
            if Int.random(in: 0..<5, using: &generator) == 0 {
                let scalar = Unicode.Scalar(UInt32.random(in: 0...0x2FF, using: &generator)) ?? "?"
                text.unicodeScalars.append(scalar)
            } else {
                text += pieces.randomElement(using: &generator)!
            }
        }
        return text
    }

    /// Checks one input; returns true when it split.
    @discardableResult
    static func check(_ text: String) -> Bool {
        switch FrontMatterSplitter.split(text, path: "x.md") {
        case .failure(let diagnostic):
            #expect(diagnostic.location == SourceLocation(path: "x.md", line: 1, column: 1))
            #expect(diagnostic.message.hasPrefix("missing front matter") || diagnostic.message.hasPrefix("unterminated front matter"))
            return false
        case .success(let split):
            let bytes = Array(text.utf8)
            let front = Array(split.frontMatter.utf8)
            let body = Array(split.body.utf8)
            // opening fence line + front matter + closing fence line + body == input
            guard let firstNewline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                Issue.record("split without a newline: \(text.debugDescription)")
                return true
            }
            let opening = bytes[...firstNewline]
            #expect(isFenceLine(opening, allowDots: false), "opening \(text.debugDescription)")
            #expect(bytes.count >= opening.count + front.count + body.count)
            #expect(Array(bytes[(firstNewline + 1)...].prefix(front.count)) == front, "front matter \(text.debugDescription)")
            #expect(Array(bytes.suffix(body.count)) == body, "body \(text.debugDescription)")
            let closing = bytes[(firstNewline + 1 + front.count)..<(bytes.count - body.count)]
            #expect(isFenceLine(closing, allowDots: true), "closing \(String(decoding: closing, as: UTF8.self).debugDescription) in \(text.debugDescription)")
            // Line numbers: a body starts after every newline before it. (An empty body after a
            // closing fence with no line end has no line of its own.)
            let newlinesBeforeBody = bytes[..<(bytes.count - body.count)].filter { $0 == UInt8(ascii: "\n") }.count
            #expect(split.frontMatterLine == 2)
            if !body.isEmpty { #expect(split.bodyLine == newlinesBeforeBody + 1, "\(text.debugDescription)") }
            return true
        }
    }

    /// `---` or `...` (closing only), trailing spaces or tabs, then `\n`, `\r\n` or the end of the text.
    static func isFenceLine(_ line: ArraySlice<UInt8>, allowDots: Bool) -> Bool {
        var content = Array(line)
        if content.last == UInt8(ascii: "\n") { content.removeLast() }
        if content.last == UInt8(ascii: "\r") { content.removeLast() }
        while let last = content.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { content.removeLast() }
        return content == Array("---".utf8) || (allowDots && content == Array("...".utf8))
    }

    @Test("random strings of fences, line ends, NUL and text")
    func randomStrings() {
        var generator = SeededGenerator(seed: 2024)
        var splits = 0
        for _ in 0..<3000 {
            var text = Self.randomText(&generator)
            if Bool.random(using: &generator) { text = "---\n" + text }
            if Self.check(text) { splits += 1 }
        }
        // The generator must reach both outcomes, or the property says little.
        #expect(splits > 300)
        #expect(splits < 2700)
    }

    @Test("random bytes, through UTF-8 decoding first")
    func randomBytes() {
        var generator = SeededGenerator(seed: 7)
        var decoded = 0
        for _ in 0..<3000 {
            var bytes = Array("---\n".utf8)
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes += Array("---\n".utf8)
                case 1: bytes.append(UInt8(ascii: "\r"))
                default: bytes.append(UInt8.random(in: 0...255, using: &generator))
                }
            }
            switch TextDecoding.decode(Data(bytes), path: "x.md") {
            case .failure(let diagnostic):
                #expect(diagnostic.message == "invalid UTF-8 byte sequence")
            case .success(let text):
                decoded += 1
                Self.check(text)
            }
        }
        #expect(decoded > 100)
    }

    @Test("known tricky inputs")
    func knownInputs() {
        #expect(Self.check("---\n---\n"))
        #expect(Self.check("---\r\n...\r\nbody"))
        #expect(Self.check("---\n---"))
        #expect(!Self.check("---"))
        #expect(!Self.check(""))
        #expect(!Self.check("\0---\n---\n"))
        #expect(Self.check("---\na: 1\n--- \t\n\0\r"))
    }
}
