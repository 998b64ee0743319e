import Crypto
import DossierConfig
import DossierContent
import DossierMarkdown
import Foundation
@testable import DossierSite
import Mustache
import Testing

@Suite("View models as Mustache parents")
struct ViewModelMustacheParentTests {
    /// Every view model of a small site that fills every optional field at least once.
    private func viewModels() -> [Any] {
        let config = DossierConfig(title: "T", description: "D")
        let actors = [
            ActorDocument(slug: "a", path: "content/actors/a.md",
                          frontMatter: ActorFrontMatter(name: "A", aliases: ["Aa"], kind: .armedGroup, affiliations: ["b"]),
                          body: "About *A*."),
            ActorDocument(slug: "b", path: "content/actors/b.md", frontMatter: ActorFrontMatter(name: "B"), body: ""),
        ]
        let incidents = [
            IncidentDocument(
                slug: "i", path: "content/incidents/i.md",
                frontMatter: IncidentFrontMatter(
                    title: "I", date: DayDate("2024-09-17"), time: "06:00", timezone: "GMT",
                    location: Location(name: "Bamako", country: "Mali", places: ["Airport"], coordinates: [12.6, -8.0]),
                    type: "attack", actors: [ActorParticipation(actor: "a", role: .perpetrator)]),
                body: "Body of I.")
        ]
        let sources = [
            SourceDocument(
                slug: "s", path: "content/sources/s.md",
                frontMatter: SourceFrontMatter(name: "S", url: "https://s.example/", kind: "news", country: "ML", language: "fr"),
                body: "The outlet.")
        ]
        let articles = [
            ArticleDocument(
                slug: "r", path: "content/articles/r.md",
                frontMatter: ArticleFrontMatter(
                    title: "R", source: "s", published: DayDate("2024-09-18"), url: "https://s.example/r", author: "W",
                    incidents: ["i"], actors: ["a", "b"]),
                body: "Text.")
        ]
        let content = LoadedContent(config: config, incidents: incidents, actors: actors, sources: sources, articles: articles)
        let (graph, diagnostics) = GraphResolver.resolve(content)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        let builder = PageBuilder(graph: graph, markdown: CmarkRenderer())
        return [
            builder.home(root: "./"), builder.incidentIndex(root: "../"), builder.actorIndex(root: "../"),
            builder.sourceIndex(root: "../"), builder.articleIndex(root: "../"), builder.incident(0, root: "../../"),
            builder.actor(0, root: "../../"), builder.actor(1, root: "../../"), builder.source(0, root: "../../"),
            builder.article(0, root: "../../"),
        ]
    }

    /// Checks that `value` answers every stored property through `child(named:)` with the value
    /// `Mirror` sees, and recurses into nested view models and arrays of them. Returns the fields checked.
    private func check(_ value: Any, at path: String) -> Int {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection {
            return mirror.children.reduce(0) { $0 + check($1.value, at: path + "[]") }
        }
        if mirror.displayStyle == .optional {
            return mirror.children.first.map { check($0.value, at: path) } ?? 0
        }
        guard mirror.displayStyle == .struct, !(value is String) else { return 0 }
        guard let parent = value as? MustacheParent else {
            Issue.record("\(path) (\(type(of: value))) is a view model that does not conform to MustacheParent")
            return 0
        }
        var checked = 0
        for child in mirror.children {
            guard let label = child.label else { continue }
            let expected = unwrap(child.value)
            let answered = parent.child(named: label)
            #expect(
                answered.map { String(describing: $0) } == expected.map { String(describing: $0) },
                "\(path).\(label) of \(type(of: value)): child(named:) does not return the stored property")
            checked += 1 + (expected.map { check($0, at: path + "." + label) } ?? 0)
        }
        #expect(parent.child(named: "no-such-field") == nil)
        return checked
    }

    private func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }

    @Test("view models answer every field as Mirror does")
    func everyField() {
        var checked = 0
        for model in viewModels() {
            checked += check(model, at: "\(type(of: model))")
        }
        #expect(checked > 150)
    }

    @Test("the Bamako dossier's view models, analyst layer included, answer every field as Mirror does")
    func bamakoViewModels() throws {
        let (builder, plan) = try TestSupport.bamakoPages()
        var checked = 0
        for page in plan.pages {
            checked += check(builder.viewModel(for: page), at: page.path)
        }
        #expect(checked > 1000)
    }
}

@Suite("Page fingerprints")
struct PageFingerprintTests {
    /// The stored properties of every struct in `value`, nested ones and list elements included.
    static func mirrorFields(_ value: Any) -> Int {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct: return mirror.children.count + mirror.children.reduce(0) { $0 + mirrorFields($1.value) }
        case .optional, .collection: return mirror.children.reduce(0) { $0 + mirrorFields($1.value) }
        default: return 0
        }
    }

    @Test("fingerprints take in every field Mirror sees, on every Bamako page")
    func everyField() throws {
        let (builder, plan) = try TestSupport.bamakoPages()
        var total = 0
        for page in plan.pages {
            let model = builder.viewModel(for: page)
            let sink = FingerprintSink()
            model.fingerprint(into: sink)
            #expect(sink.fields == Self.mirrorFields(model), "\(page.path)")
            total += sink.fields
        }
        #expect(total > 1000)
    }

    @Test("the fingerprint is the SHA-256 of the tagged stream, however long the strings (buffer borders)")
    func sinkStream() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let sink = FingerprintSink()
            var expected: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                switch Int.random(in: 0...3, using: &generator) {
                case 0:
                    sink.open()
                    expected.append(UInt8(ascii: "{"))
                case 1:
                    let value = UInt64.random(in: .min ... .max, using: &generator)
                    sink.integer(value)
                    withUnsafeBytes(of: value.littleEndian) { expected.append(contentsOf: $0) }
                default:
                    // Lengths around and beyond the 4096-byte buffer, and non-ASCII text.
                    let length = [0, 1, 7, 4095, 4096, 4097, 9000].randomElement(using: &generator)!
                    let text = String(repeating: round.isMultiple(of: 2) ? "a" : "é", count: length)
                    // A field's name is counted, not fed; its value is.
                    sink.field("name")
                    sink.string(text)
                    expected.append(UInt8(ascii: "s"))
                    var count = text.utf8.count
                    while count >= 0x80 {
                        expected.append(UInt8(count & 0x7F) | 0x80)
                        count >>= 7
                    }
                    expected.append(UInt8(count))
                    expected.append(contentsOf: text.utf8)
                }
            }
            #expect(sink.finish() == SHA256.hash(data: expected).map { String(format: "%02x", $0) }.joined())
        }
    }

    @Test("different values, lists or salts give different fingerprints; equal ones agree; every Bamako page differs")
    func sensitivity() throws {
        let base = PageFingerprint.of(["JNIM", "actors/jnim/"], salt: "s")
        #expect(PageFingerprint.of(["JNIM", "actors/jnim/"], salt: "s") == base)
        #expect(PageFingerprint.of(["JNIM", "actors/jnim/"], salt: "t") != base)
        #expect(PageFingerprint.of(["JNI", "Mactors/jnim/"], salt: "s") != base)
        #expect(PageFingerprint.of(["JNIMactors/jnim/"], salt: "s") != base)
        #expect(PageFingerprint.of(Optional<String>.none, salt: "s") != PageFingerprint.of(Optional(""), salt: "s"))
        #expect(PageFingerprint.of(1, salt: "s") != PageFingerprint.of(true, salt: "s"))
        #expect(PageFingerprint.of(any: UInt8(42), salt: "s") != PageFingerprint.of(any: UInt8(42), salt: "s"))
        // Field names are not fed: text moved from one field to the next must still tell.
        let link = PageFingerprint.of(LinkView(name: "ab", url: "", note: nil), salt: "s")
        #expect(PageFingerprint.of(LinkView(name: "a", url: "b", note: nil), salt: "s") != link)
        #expect(PageFingerprint.of(LinkView(name: "", url: "ab", note: nil), salt: "s") != link)
        #expect(PageFingerprint.of(LinkView(name: "ab", url: "", note: ""), salt: "s") != link)
        // Without lengths these two would feed the same bytes ("s" "as" "s" "" against "s" "a" "s" "s").
        #expect(
            PageFingerprint.of(LinkView(name: "as", url: "", note: nil), salt: "s")
                != PageFingerprint.of(LinkView(name: "a", url: "s", note: nil), salt: "s"))
        // Lists longer than one length byte.
        let long = [String](repeating: "x", count: 200)
        #expect(PageFingerprint.of(long, salt: "s") != PageFingerprint.of(long + ["x"], salt: "s"))
        let (builder, plan) = try TestSupport.bamakoPages()
        let prints = plan.pages.map { PageFingerprint.of(any: builder.viewModel(for: $0), salt: "s") }
        #expect(Set(prints).count == plan.pages.count)
    }
}
