import DossierContent
import DossierMarkdown
import DossierSite
import DossierTemplates
import Foundation
import Mustache
import Testing

/// The compiled renderer against swift-mustache, its reference: same bytes, or a fall-back.
@Suite("Compiled templates")
struct CompiledTemplateTests {
    // MARK: Every page of the test dossiers

    /// Renders every page of the dossier at `root` both ways and returns the number of pages compared.
    private func compareEveryPage(of root: URL) throws -> Int {
        let (loaded, loadDiagnostics) = ContentLoader(root: root.path).load()
        let content = try #require(loaded, "\(loadDiagnostics.sorted)")
        let overrides = try TemplateSet.readOverrides(folder: root.appendingPathComponent("templates").path).get()
        let templates = TemplateSet.compileReporting(overrides: overrides).set
        #expect(templates.compiled != nil, "\(templates.compiledUnsupported ?? "")")
        var (graph, _) = GraphResolver.resolve(content)
        let markdown = CmarkRenderer(options: MarkdownOptions(unsafeHTML: content.config.markdown.unsafeHTML))
        _ = AnalystLayer.resolve(&graph, markdown: markdown, width: 2)
        let renderer = SiteRenderer(graph: graph, markdown: markdown, templates: templates)
        var compared = 0
        for page in PagePlan(graph: graph).pages {
            let (model, template) = renderer.model(page)
            let context: any TemplateContext = model
            let reference = templates.renderWithMustache(model, template: template)
            let compiled = templates.renderCompiled(context, template: template)
            #expect(compiled == reference, "\(root.lastPathComponent): \(page.path) differs")
            #expect(templates.render(model, template: template) == reference)
            compared += 1
        }
        return compared
    }

    @Test("every page of the Bamako dossier renders as swift-mustache renders it")
    func bamako() throws {
        let compared = try compareEveryPage(of: TestSupport.repositoryRoot)
        #expect(compared > 30)
    }

    @Test("every page of the fixture dossiers renders as swift-mustache renders it",
          arguments: ["mini", "tidy", "broken"])
    func fixtures(_ name: String) throws {
        #expect(try compareEveryPage(of: TestSupport.fixture(name)) > 0)
    }

    /// Checks that `context` answers each stored property `Mirror` finds with the same value, and
    /// recurses into nested view models and lists. Returns the number of fields checked.
    private func checkFields(_ context: any TemplateContext, at path: String) -> Int {
        var checked = 0
        for child in Mirror(reflecting: context).children {
            guard let label = child.label else { continue }
            checked += 1 + checkValue(child.value, context.templateValue(label), at: path + "." + label)
        }
        if case .missing = context.templateValue("no such field") {} else { Issue.record("\(path): answers an unknown key") }
        return checked
    }

    private func checkValue(_ value: Any, _ answer: TemplateValue, at path: String) -> Int {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else {
                if case .missing = answer {} else { Issue.record("\(path): nil, answered \(answer)") }
                return 0
            }
            return checkValue(wrapped, answer, at: path)
        }
        switch (value, answer) {
        case (let string as String, .string(let answered)): #expect(string == answered, "\(path)")
        case (let bool as Bool, .bool(let answered)): #expect(bool == answered, "\(path)")
        case (let int as Int, .int(let answered)): #expect(int == answered, "\(path)")
        case (_, .list(let list)) where mirror.displayStyle == .collection:
            let elements = mirror.children.map(\.value)
            #expect(elements.count == list.templateCount, "\(path)")
            return zip(elements.indices, elements).reduce(0) {
                $0 + checkValue($1.1, list.templateElement($1.0), at: path + "[\($1.0)]")
            }
        case (_, .object(let object)) where mirror.displayStyle == .struct:
            return checkFields(object, at: path)
        default:
            Issue.record("\(path): \(type(of: value)) answered as \(answer)")
        }
        return 0
    }

    @Test("the Bamako dossier's view models answer every field as Mirror sees it")
    func bamakoFields() throws {
        let (builder, plan) = try TestSupport.bamakoPages()
        var checked = 0
        for page in plan.pages {
            let model: any TemplateContext = builder.viewModel(for: page)
            checked += checkFields(model, at: page.path)
        }
        #expect(checked > 1000)
    }

    // MARK: Targeted cases

    /// Compiles `main` (and other templates) as overrides and renders `context` with `main` both ways.
    /// Expects the compiled renderer to be used, and returns its output after comparing.
    @discardableResult
    private func same(
        _ templates: [String: String], _ context: some TemplateContext, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> String? {
        let overrides = Dictionary(uniqueKeysWithValues: templates.map { ("\($0.key).mustache", $0.value) })
        let set = TemplateSet.compileReporting(overrides: overrides).set
        #expect(set.compiled != nil, "falls back: \(set.compiledUnsupported ?? "")", sourceLocation: sourceLocation)
        let reference = set.renderWithMustache(context, template: "main")
        let compiled = set.renderCompiled(context, template: "main")
        #expect(compiled == reference, sourceLocation: sourceLocation)
        return compiled
    }

    @Test("a section over an empty string renders once with the string as context")
    func emptyStringSection() {
        let page = Page(text: "")
        #expect(same(["main": "{{#text}}[{{.}}]{{/text}}{{^text}}none{{/text}}"], page) == "[]")
    }

    @Test("an empty list renders nothing; its inverted section renders once")
    func emptyList() {
        let page = Page(items: [])
        #expect(same(["main": "{{#items}}item{{/items}}{{^items}}empty{{/items}}"], page) == "empty")
        let full = Page(items: [Item(name: "a"), Item(name: "b")])
        #expect(same(["main": "{{#items}}<{{name}}>{{/items}}{{^items}}empty{{/items}}"], full) == "<a><b>")
    }

    @Test("a nil optional is missing: renders nothing, and the name is looked up further out")
    func nilOptional() {
        #expect(same(["main": "[{{note}}]{{#note}}has{{/note}}{{^note}}nil{{/note}}"], Page()) == "[]nil")
        let page = Page(text: "outer", child: Page(text: nil, note: "inner"))
        #expect(same(["main": "{{#child}}{{text}} {{note}}{{/child}}"], page) == "outer inner")
    }

    @Test("dotted names; the first part climbs the stack, the rest do not; a leading dot does not climb")
    func dottedNames() {
        let page = Page(text: "root", note: "root note", child: Page(child: Page(text: "deep")), item: Item(name: "i"))
        same(["main": "{{child.child.text}}|{{child.text}}|{{child.nothing.text}}|{{#child.child}}{{text}}{{/child.child}}"], page)
        #expect(same(["main": "{{#child}}{{text}}/{{.text}}/{{item.name}}/{{.item.name}}{{/child}}"], page) == "root//i/")
        #expect(same(["main": "{{#child}}{{#child}}{{note}}{{/child}}{{/child}}"], page) == "root note")
        same(["main": "{{#item}}{{#child}}{{name}}{{/child}}{{/item}}"], page)
    }

    @Test("numbers and Booleans print as String(describing:) prints them")
    func scalars() {
        let page = Page(count: -42, flag: true, ratio: 0.1 + 0.2)
        #expect(same(["main": "{{count}} {{flag}} {{ratio}} {{#count}}[{{.}}]{{/count}}"], page)
            == "-42 true 0.30000000000000004 [-42]")
        same(["main": "{{ratio}} {{{ratio}}} {{^flag}}no{{/flag}}"], Page(flag: false, ratio: 1e300))
    }

    @Test("standalone lines lose their whitespace and newline; other whitespace stays")
    func standaloneLines() {
        let page = Page(text: "t", items: [Item(name: "a"), Item(name: "b")])
        let templates = [
            "  {{#items}}  \n  <li>{{name}}</li>\n  {{/items}}\n",
            "{{#items}}{{name}}{{/items}}  \n  {{! comment }}  \n{{! two\nlines }}\nx {{#text}} y {{/text}} z\n",
            "a\r\n  {{#text}}\r\n  b\r\n  {{/text}}\r\n\t{{^text}}\t\nc\n{{/text}}   ",
            "  {{text}}  \n\n  \n{{#items}}\n{{/items}}\n  {{& text}} {{{text}}}\n{{%  CONTENT_TYPE : DOSSIER_HTML }}\nend",
            "{{#text}} {{/text}}\n{{#text}}\n  indented\n{{/text}}  trailing",
        ]
        for template in templates {
            same(["main": template], page)
        }
    }

    @Test("inline partials without a trailing newline stay inline; standalone ones keep their lines")
    func partials() {
        let page = Page(text: "t", items: [Item(name: "a"), Item(name: "b")])
        #expect(same(["main": "<p>{{#items}}{{>who}}, {{/items}}</p>\n", "who": "<b>{{name}}</b>"], page)
            == "<p><b>a</b>, <b>b</b>, </p>\n")
        same(["main": "<ul>\n{{#items}}\n{{>line}}\n{{/items}}\n</ul>\n{{>missing}}\n", "line": "<li>{{name}}</li>\n"], page)
        same(["main": "{{>line}}{{>line}}\n{{>line}}", "line": "[{{text}}]\n"], page)
    }

    @Test("inheritance: the child's blocks replace the parent's; an outer override wins; defaults stay")
    func inheritance() {
        let page = Page(text: "T", items: [Item(name: "a")])
        let parent = "<h1>{{$title}}Default{{/title}}</h1>\n{{$content}}\n  <p>default</p>\n{{/content}}\n<footer>{{$footer}}f{{/footer}}</footer>\n"
        let child = "{{<parent}}\n{{$title}}{{text}}{{/title}}\n{{$content}}\n    <div>\n      {{#items}}{{name}}{{/items}}\n    </div>\n{{/content}}\n{{/parent}}\n"
        same(["main": child, "parent": parent], page)
        let grandchild = "{{<child}}\n{{$title}}Grand {{text}}{{/title}}\n{{/child}}\n"
        let output = same(["main": grandchild, "child": child, "parent": parent], page)
        #expect(output?.hasPrefix("<h1>Grand T</h1>\n") == true)
        same(["main": "{{<parent}}{{/parent}}", "parent": parent], page)
        same(["main": "x {{<parent}} {{$footer}}F{{/footer}} {{/parent}} y", "parent": parent], page)
        same(["main": "{{#items}}{{<parent}}{{$title}}{{name}}{{/title}}{{/parent}}{{/items}}", "parent": parent], page)
    }

    @Test("escaping of <>&\"' as swift-mustache does it, Character by Character")
    func escaping() {
        let page = Page(text: "<a href=\"x\">&'</a> <\u{301} e\u{301}", note: "&amp;")
        let output = same(["main": "{{text}}|{{{text}}}|{{&note}}|{{note}}"], page)
        #expect(output?.hasPrefix("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt; <\u{301}") == true)
    }

    @Test("the built-in templates are compiled")
    func builtInsCompile() throws {
        let set = try TemplateSet.compile().get()
        #expect(set.compiled != nil, "\(set.compiledUnsupported ?? "")")
    }

    @Test("a template using what only swift-mustache supports makes the set fall back, and renders as before",
          arguments: [
              "{{uppercased(text)}} {{#items}}{{name}}{{/items}}",
              "{{=<% %>=}}<% text %>",
              "{{#items}}\n  {{>line}}\n{{/items}}",
              "{{% CONTENT_TYPE: TEXT }}\n{{text}}",
              "{{>*text}}",
          ])
    func fallBack(_ main: String) throws {
        let overrides = ["main.mustache": main, "line.mustache": "<{{name}}>\n"]
        let set = try TemplateSet.compile(overrides: overrides).get()
        #expect(set.compiled == nil)
        let page = Page(text: "<t>", items: [Item(name: "a"), Item(name: "b")])
        #expect(set.render(page, template: "main") == set.renderWithMustache(page, template: "main"))
    }

    @Test("a value only swift-mustache can print makes that page fall back")
    func runtimeFallBack() throws {
        let set = try TemplateSet.compile(overrides: ["main.mustache": "{{item}}|{{#items}}{{.}}{{/items}}"]).get()
        let page = Page(items: [Item(name: "a")], item: Item(name: "i"))
        #expect(set.compiled != nil)
        #expect(set.renderCompiled(page, template: "main") == nil)
        #expect(set.render(page, template: "main") == set.renderWithMustache(page, template: "main"))
        #expect(set.render(page, template: "main").contains("Item(name: &quot;i&quot;)"))
    }

    // MARK: Random templates

    @Test("random templates of sections, partials, blocks and whitespace render as swift-mustache renders them")
    func randomTemplates() {
        var random = SeededGenerator(seed: 20261122)
        let page = Page(text: "t", note: nil, items: [Item(name: "a"), Item(name: "<b>")], child: Page(text: "c"), flag: true)
        let pieces = ["", " ", "  ", "\t", "\n", "\r\n", "x", "{{text}}", "{{{text}}}", "{{note}}", "{{! c }}", "{{#flag}}", "{{^flag}}",
                      "{{#items}}", "{{^items}}", "{{#child}}", "{{#text}}", "{{^note}}", "{{name}}", "{{>p}}", "{{$c}}", "{{/}}", "{",
                      "\n  ", " \n", "\n\t ", "{{>p}}\n", "  {{>p}}", "{{& text}}", "{{.}}", "{{child.text}}", "{{/}}\n"]
        var compared = 0
        for _ in 0..<1000 {
            var text = ""
            var open: [String] = []
            for _ in 0..<Int.random(in: 0..<30, using: &random) {
                var piece = pieces[Int.random(in: 0..<pieces.count, using: &random)]
                if piece == "{{/}}" {
                    guard let name = open.popLast() else { continue }
                    piece = "{{/\(name)}}"
                } else if piece.hasPrefix("{{#") || piece.hasPrefix("{{^") || piece.hasPrefix("{{$") {
                    open.append(String(piece.dropFirst(3).dropLast(2)))
                }
                text += piece
            }
            while let name = open.popLast() { text += "{{/\(name)}}" }
            guard (try? MustacheTemplate(string: text)) != nil else { continue }
            let templates = [
                "main": [text, "{{<base}}\n{{$b}}\n" + text + "\n{{/b}}\n{{/base}}\n",
                         "{{<base}}\n  {{$b}}\n   " + text + "\n  {{/b}}\n{{/base}}", "{{<base}}{{$b}}" + text + "{{/b}}{{/base}}"][Int.random(in: 0..<5, using: &random) % 4],
                "p": ["{{name}}", "{{text}}\n", " p\n  {{#flag}}\n  q\n  {{/flag}}\n"][Int.random(in: 0..<3, using: &random)],
                "base": "<b>\n{{$b}}default{{/b}}\n</b>\n",
            ]
            let overrides = Dictionary(uniqueKeysWithValues: templates.map { ("\($0.key).mustache", $0.value) })
            let set = TemplateSet.compileReporting(overrides: overrides).set
            guard let compiled = set.renderCompiled(page, template: "main") else { continue }
            #expect(compiled == set.renderWithMustache(page, template: "main"), "\(templates)")
            compared += 1
        }
        #expect(compared > 300)
    }
}

// MARK: Test contexts: swift-mustache reads them with Mirror, the compiled renderer with their switch.

private struct Item: TemplateContext {
    var name: String
    func templateValue(_ key: String) -> TemplateValue {
        key == "name" ? name.asTemplateValue : .missing
    }
}

/// A class, so that it can hold another one (Mirror reads a class's stored properties too).
private final class Page: TemplateContext {
    var text: String?
    var note: String?
    var items: [Item]
    var child: Page?
    var item: Item?
    var count: Int
    var flag: Bool
    var ratio: Double

    init(text: String? = nil, note: String? = nil, items: [Item] = [], child: Page? = nil, item: Item? = nil,
         count: Int = 0, flag: Bool = false, ratio: Double = 0) {
        self.text = text
        self.note = note
        self.items = items
        self.child = child
        self.item = item
        self.count = count
        self.flag = flag
        self.ratio = ratio
    }

    func templateValue(_ key: String) -> TemplateValue {
        switch key {
        case "text": return text.asTemplateValue
        case "note": return note.asTemplateValue
        case "items": return items.asTemplateValue
        case "child": return child.asTemplateValue
        case "item": return item.asTemplateValue
        case "count": return count.asTemplateValue
        case "flag": return flag.asTemplateValue
        case "ratio": return ratio.asTemplateValue
        default: return .missing
        }
    }
}
