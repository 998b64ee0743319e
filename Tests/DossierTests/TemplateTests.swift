import DossierTemplates
import Foundation
import Testing

@Suite("Templates")
struct TemplateTests {
    @Test("the embedded templates match the editable copies in templates/")
    func embeddedMatchFiles() throws {
        let folder = TestSupport.repositoryRoot.appendingPathComponent("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".mustache") || $0.hasSuffix(".css") }.sorted()
        #expect(names == EmbeddedTemplates.files.keys.sorted(), "run Scripts/embed-templates.sh")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(EmbeddedTemplates.files[name] == text, "\(name) differs: run Scripts/embed-templates.sh")
        }
    }

    @Test("the defaults compile")
    func defaultsCompile() throws {
        let set = try TemplateSet.compile().get()
        #expect(set.origins["article"] == "(built-in)/article.mustache")
        #expect(set.stylesheet.contains("@media print"))
    }

    @Test("an override replaces one file and keeps the rest")
    func override() throws {
        let set = try TemplateSet.compile(overrides: ["home.mustache": "Hello {{title}}"]).get()
        #expect(set.origins["home"] == "templates/home.mustache")
        #expect(set.origins["article"] == "(built-in)/article.mustache")
        struct Context { let title: String }
        #expect(set.render(Context(title: "<b>"), template: "home") == "Hello &lt;b&gt;")
    }

    @Test("a template that does not parse is reported with its position")
    func parseError() {
        let result = TemplateSet.compile(overrides: ["home.mustache": "line one\n{{#items}}\nno close\n"])
        guard case .failure(let diagnostics) = result else {
            Issue.record("expected a parse error")
            return
        }
        #expect(diagnostics.sorted.map(\.description).first?.hasPrefix("templates/home.mustache:") == true)
        #expect(diagnostics.sorted.first?.message == "template does not parse: a section is not closed")
    }
}
