import DossierContent
import Foundation
import Testing
import Yams

@testable import DossierConfig

@Suite("Plain YAML, the quick way")
struct PlainYAMLTests {
    /// Decodes `yaml` both ways: the quick way's value (nil when it declined) and Yams' way's
    /// outcome. When the quick way gives a value, Yams' way must give the same one.
    @discardableResult
    private func compare<T: YAMLDocumentModel & Equatable>(_ type: T.Type, _ yaml: String) -> (quick: T?, yams: T?) {
        let quick = PlainYAML.decode(T.self, from: yaml, budget: YAMLDecoding.maximumNodes)
        let yams = try? YAMLDecoding.decodeComposing(T.self, from: yaml, origin: .init(path: "t.md")).get()
        if let quick { #expect(quick == yams, "\(yaml)") }
        return (quick, yams)
    }

    @Test("plain front matter and config decode to what Yams' way gives")
    func plainDocuments() throws {
        let articles = [
            "title: \"A\"\nsource: s\npublished: 2024-09-17\nincidents: [a, b]\nactors: [x]\nurl: https://x.org/1\n",
            "title: 123\nsource: s\npublished: ~\nauthor: null\n",
            "title: 'null'\nsource: s\nauthor: ''\n",
            "title: true\nsource: s\nretrieved:\n",
            "title: A\nsource: s\nincidents: []\nactors:\n  - a\n  - 'b c'\n",
            "title: A\nsource: s\nactors: [~, null, 1, 2.5, true, '']\n",
            "---\ntitle: >\n  Folded\n  text\nsource: |\n  s\nauthor: \"Ségou \\u00e9\"\n...\n",
            "title: A # a comment\nsource: s\npublished: '2024-09-17'\narchive: ~\nsha256: Null\n",
        ]
        for yaml in articles {
            let (quick, yams) = compare(ArticleFrontMatter.self, yaml)
            #expect(quick != nil, "\(yaml)")
            #expect(yams != nil, "\(yaml)")
        }
        let incidents = [
            "title: I\ndate: 2024-01-02\ntime: \"06:00\"\nlocation:\n  name: Bamako\n  coordinates: [12.6, -8.0]\nactors:\n  - {actor: a, role: perpetrator}\n",
            "title: I\nclaims:\n  - id: c\n    claimant: {anonymous: a source}\n    statement: It said so.\n    figures: {killed: 77, wounded: 255}\n    reported_in: [{article: a, excerpt: \"77 killed\"}]\n",
        ]
        for yaml in incidents {
            let (quick, yams) = compare(IncidentFrontMatter.self, yaml)
            #expect(quick != nil && yams != nil, "\(yaml)")
        }
        for yaml in ["title: T\nmarkdown:\n  unsafe_html: yes\n", "title: T\n"] {
            let (quick, yams) = compare(DossierConfig.self, yaml)
            #expect(quick != nil && yams != nil, "\(yaml)")
        }
    }

    @Test("documents that are not plain, or do not decode, are left to Yams")
    func declined() {
        let notPlain = [
            "title: &t A\nsource: *t\n",  // anchor and alias
            "title: !!str 12\nsource: s\n",  // tag
            "title: !custom A\nsource: s\n",
            "title: A\nsource: s\nactors: !!seq [a]\n",
            "<<: {title: A}\nsource: s\n",  // merge key
            "title: A\ntitle: B\nsource: s\n",  // repeated key
            "'title': A\nsource: s\n",  // quoted key
            "? [title]\n: A\nsource: s\n",  // complex key
            "title: A\nsource: s\ntitel: B\n",  // unknown field
            "title: A\nsource: s\n---\ntitle: B\n",  // two documents
            "- title\n- source\n",  // not a mapping
            "just text\n",
            "",
            "# only a comment\n",
            "title: [A\nsource: s\n",  // invalid
            "title: A\n",  // missing field
            "title: [a, b]\nsource: s\n",  // wrong type
            "title: A\nsource: s\npublished: 2024-02-30\n",  // impossible date
            "title: A\nsource: s\nactors: [a, {b: c}]\n",
        ]
        for yaml in notPlain {
            #expect(PlainYAML.decode(ArticleFrontMatter.self, from: yaml, budget: YAMLDecoding.maximumNodes) == nil, "\(yaml)")
        }
        // Through `decode`, each still gets Yams' way's outcome and diagnostics.
        let origin = YAMLDecoding.Origin(path: "a.md", firstLine: 2)
        for yaml in notPlain {
            let both = YAMLDecoding.decode(ArticleFrontMatter.self, from: yaml, origin: origin)
            let yams = YAMLDecoding.decodeComposing(ArticleFrontMatter.self, from: yaml, origin: origin)
            switch (both, yams) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(yaml)")
            case (.failure(let a), .failure(let b)): #expect(a.sorted == b.sorted, "\(yaml)")
            default: Issue.record("different outcomes for \(yaml)")
            }
        }
    }

    @Test("the node budget counts as Yams' way's does")
    func budget() {
        // The root, three keys and three values: seven nodes.
        let yaml = "a: 1\nb: [2]\nc: x\n"
        #expect(PlainYAML.compose(yaml, schema: nil, budget: 8) != nil)
        #expect(PlainYAML.compose(yaml, schema: nil, budget: 7) == nil)
        var within = YAMLDecoding.Inspection(budget: 8, origin: nil)
        var over = YAMLDecoding.Inspection(budget: 7, origin: nil)
        let node = try? Yams.compose(yaml: yaml)
        #expect(node.map { within.walk($0, schema: nil) } == true)
        #expect(node.map { over.walk($0, schema: nil) } == false)
    }

    @Test("every content file of the repository and the fixtures decodes the same both ways")
    func repositoryFiles() throws {
        let roots = ["content", "Tests/DossierTests/Fixtures"].map { TestSupport.repositoryRoot.appendingPathComponent($0) }
        var quick = 0, files = 0
        for root in roots {
            let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let url as URL in walker where url.pathExtension == "md" {
                guard let text = try? String(contentsOf: url, encoding: .utf8),
                    case .success(let split) = FrontMatterSplitter.split(text, path: url.path)
                else { continue }
                files += 1
                let yaml = split.frontMatter
                let found: Bool
                switch url.deletingLastPathComponent().lastPathComponent {
                case "articles": found = compare(ArticleFrontMatter.self, yaml).quick != nil
                case "incidents": found = compare(IncidentFrontMatter.self, yaml).quick != nil
                case "actors": found = compare(ActorFrontMatter.self, yaml).quick != nil
                case "sources": found = compare(SourceFrontMatter.self, yaml).quick != nil
                default: found = false
                }
                if found { quick += 1 }
            }
        }
        // Most files are plain; the broken fixtures are not.
        #expect(files > 60)
        #expect(quick > files * 3 / 4, "\(quick) of \(files)")
    }
}
