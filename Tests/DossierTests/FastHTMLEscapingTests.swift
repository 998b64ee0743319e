import DossierDiagnostics
import Mustache
import Testing

@testable import DossierTemplates

@Suite("Fast HTML escaping")
struct FastHTMLEscapingTests {
    @Test("escapes exactly as swift-mustache's HTML content type does")
    func sameAsMustache() throws {
        _ = FastHTMLContentType.registered
        let plain = try MustacheTemplate(string: "[{{value}}]")
        let fast = try MustacheTemplate(string: FastHTMLContentType.pragma + "[{{value}}]")
        let samples = [
            "", "plain text", "Jama’at Nusrat al-Islam", "<script>alert('x')</script>", "a & b \"quoted\"",
            "<\u{338} combining", "e\u{301}<", "emoji 👩‍👩‍👧 & more", "'", "&amp;",
        ]
        for sample in samples {
            let expected = plain.render(["value": sample])
            #expect(fast.render(["value": sample]) == expected, "\(sample)")
        }
        #expect(fast.render(["value": "<b>"]) == "[&lt;b&gt;]")
    }

    @Test("the byte test finds exactly the five special characters, wherever they are")
    func specialBytes() {
        let specials: Set<Unicode.Scalar> = ["<", ">", "&", "\"", "'"]
        for value in 0..<0x250 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "ab" + String(scalar) + "cd"
            #expect(FastHTMLContentType.hasSpecial(text) == specials.contains(scalar), "U+\(String(value, radix: 16))")
        }
        // Every position of texts up to 40 bytes: the test takes sixteen bytes at a time, then the rest.
        for length in 0..<40 {
            let plain = String(repeating: "a/ 9", count: 10).prefix(length)
            #expect(!FastHTMLContentType.hasSpecial(String(plain)), "\(length)")
            for position in 0..<length {
                for special in specials {
                    var text = Array(plain.unicodeScalars)
                    text[position] = special
                    let string = String(String.UnicodeScalarView(text))
                    #expect(FastHTMLContentType.hasSpecial(string), "\(string)")
                }
            }
        }
        // A NUL inside the text does not end it.
        #expect(FastHTMLContentType.hasSpecial("a\u{0}<"))
        #expect(FastHTMLContentType.hasSpecial(String(repeating: "\u{0}", count: 20) + "&"))
        #expect(!FastHTMLContentType.hasSpecial("a\u{0}b\u{0}"))
        let pieces = ["", "a", "é", "👩‍👩‍👧", "<", "&", "'", "\"", ">", "x y", "\u{338}", "\u{0}"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(FastHTMLContentType.hasSpecial(text) == text.unicodeScalars.contains(where: specials.contains), "\(text)")
        }
    }

    @Test("a template error is reported at the line of the template file")
    func errorLine() throws {
        let result = TemplateSet.compile(overrides: ["article.mustache": "line one\n{{#open}}\n"])
        guard case .failure(let diagnostics) = result else {
            Issue.record("an unclosed section compiled")
            return
        }
        let diagnostic = try #require(diagnostics.items.first)
        #expect(diagnostic.location.path == "templates/article.mustache")
        // The line swift-mustache gives for the file's text alone, without the pragma line.
        var expectedLine = 0
        do {
            _ = try MustacheTemplate(string: "line one\n{{#open}}\n")
        } catch let error as MustacheTemplate.ParserError {
            expectedLine = error.context.lineNumber
        }
        #expect(expectedLine > 1)
        #expect(diagnostic.location.line == expectedLine)
    }
}
