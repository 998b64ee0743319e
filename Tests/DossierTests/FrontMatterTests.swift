import DossierConfig
import DossierContent
import DossierDiagnostics
import Testing

@Suite("Front matter")
struct FrontMatterTests {
    @Test("splits YAML from the body and records line numbers")
    func splits() throws {
        let text = "---\ntitle: A\nsource: s\n---\nBody line\n"
        let split = try FrontMatterSplitter.split(text, path: "a.md").get()
        #expect(split.frontMatter == "title: A\nsource: s\n")
        #expect(split.body == "Body line\n")
        #expect(split.frontMatterLine == 2)
        #expect(split.bodyLine == 5)
    }

    @Test("accepts CRLF line endings")
    func crlf() throws {
        let split = try FrontMatterSplitter.split("---\r\ntitle: A\r\n---\r\nBody\r\n", path: "a.md").get()
        #expect(split.frontMatter == "title: A\r\n")
        #expect(split.body == "Body\r\n")
    }

    @Test("reports missing and unterminated front matter at 1:1")
    func missingAndUnterminated() {
        let missing = FrontMatterSplitter.split("title: A\n", path: "content/articles/a.md")
        #expect(throws: Diagnostic.self) { try missing.get() }
        if case .failure(let d) = missing {
            #expect(d.description == "content/articles/a.md:1:1: error: missing front matter: the file must start with a '---' line")
        }
        let open = FrontMatterSplitter.split("---\ntitle: A\n", path: "b.md")
        if case .failure(let d) = open {
            #expect(d.description == "b.md:1:1: error: unterminated front matter: no closing '---' line after the opening one")
        } else {
            Issue.record("expected an error")
        }
    }

    @Test("decodes an article into typed fields")
    func decodesArticle() throws {
        let yaml = "title: \"T\"\nsource: src\npublished: 2024-09-20\nincidents: [a, b]\n"
        let article = try YAMLDecoding.decode(ArticleFrontMatter.self, from: yaml, origin: .init(path: "x.md", firstLine: 2)).get()
        #expect(article.title == "T")
        #expect(article.source == "src")
        #expect(article.published == DayDate("2024-09-20"))
        #expect(article.incidents == ["a", "b"])
        #expect(article.actors.isEmpty)
    }

    @Test("an unknown field is an error at its position, with a suggestion; every error is reported")
    func unknownField() {
        let yaml = "title: T\nsoruce: s\n"
        let result = YAMLDecoding.decode(ArticleFrontMatter.self, from: yaml, origin: .init(path: "x.md", firstLine: 2))
        guard case .failure(let diagnostics) = result else {
            Issue.record("expected failure")
            return
        }
        #expect(diagnostics.sorted.map(\.description) == [
            "x.md:2:1: error: missing required field 'source'",
            "x.md:3:1: error: unknown field 'soruce' (did you mean 'source'?)",
        ])
    }

    @Test("an impossible date is an error at the value")
    func impossibleDate() {
        let yaml = "title: T\nsource: s\npublished: 2024-02-30\n"
        let result = YAMLDecoding.decode(ArticleFrontMatter.self, from: yaml, origin: .init(path: "x.md", firstLine: 2))
        guard case .failure(let diagnostics) = result else {
            Issue.record("expected failure")
            return
        }
        #expect(diagnostics.sorted.map(\.description) == [
            "x.md:4:12: error: field 'published': '2024-02-30' is not a real calendar date",
        ])
    }

    @Test("a missing required field names the field")
    func missingField() {
        let result = YAMLDecoding.decode(ArticleFrontMatter.self, from: "title: T\n", origin: .init(path: "x.md", firstLine: 2))
        guard case .failure(let diagnostics) = result else {
            Issue.record("expected failure")
            return
        }
        #expect(diagnostics.sorted.map(\.description) == ["x.md:2:1: error: missing required field 'source'"])
    }
}
