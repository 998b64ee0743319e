import DossierConfig
import DossierContent
import DossierDiagnostics
import Testing

@Suite("Figures")
struct FigureTests {
    func parse(_ text: String) -> FigureRange? { try? FigureRange.parse(text).get() }

    func message(_ text: String) -> String? {
        if case .failure(let error) = FigureRange.parse(text) { return error.message }
        return nil
    }

    @Test("a number is an exact figure")
    func exact() {
        #expect(parse("77") == FigureRange(min: 77, max: 77, qualifier: .exact, wording: "77"))
    }

    @Test("about, approximately and around are plus or minus ten percent, at least one")
    func approximate() {
        #expect(parse("about 100").map { [$0.min, $0.max] } == [90, 110])
        #expect(parse("approximately 100")?.qualifier == .approximate)
        #expect(parse("around 200").map { [$0.min, $0.max] } == [180, 220])
        #expect(parse("about 2").map { [$0.min, $0.max] } == [1, 3])
        #expect(parse("about 0").map { [$0.min, $0.max] } == [0, 1])
        #expect(parse("About 50")?.wording == "About 50")
    }

    @Test("at least N is N or more; over N and more than N are N+1 or more")
    func openEnded() {
        #expect(parse("at least 2") == FigureRange(min: 2, max: nil, qualifier: .atLeast, wording: "at least 2"))
        #expect(parse("over 70") == FigureRange(min: 71, max: nil, qualifier: .moreThan, wording: "over 70"))
        #expect(parse("more than 70")?.min == 71)
        #expect(parse("more than 70")?.max == nil)
        #expect(parse("over 70")?.rangeText == "71 or more")
    }

    @Test("N-M is a range, with a hyphen or an en dash")
    func range() {
        #expect(parse("70-100") == FigureRange(min: 70, max: 100, qualifier: .range, wording: "70-100"))
        #expect(parse("70–100")?.max == 100)
        #expect(parse("70-100")?.rangeText == "70–100")
    }

    @Test("words, negative numbers and reversed ranges are errors with a clear message")
    func badForms() {
        let accepted = "write a number (77), a range ({min: 81, max: 100}) or a phrase: 'about 100', 'approximately 100', 'around 200', 'at least 2', 'over 70', 'more than 70' or '70-100'"
        #expect(message("some") == "'some' is not a figure: " + accepted)
        #expect(message("several") == "'several' is not a figure: " + accepted)
        #expect(message("lots") == "'lots' is not a figure: " + accepted)
        #expect(message("about") == "'about' is not a figure: " + accepted)
        #expect(message("-5") == "'-5' is not a figure: a figure cannot be negative")
        #expect(message("at least -5") == "'at least -5' is not a figure: a figure cannot be negative")
        #expect(message("100-70") == "'100-70' is not a figure: the lower bound 100 is greater than the upper bound 70")
    }

    let origin = YAMLDecoding.Origin(path: "content/incidents/x.md", firstLine: 2)

    func decode(_ yaml: String) -> Result<IncidentFrontMatter, Diagnostics> {
        YAMLDecoding.decode(IncidentFrontMatter.self, from: yaml, origin: origin)
    }

    @Test("claims decode figures as numbers, ranges and phrases, known keys first")
    func decodesClaims() throws {
        let yaml = """
            title: T
            claims:
              - id: a
                claimant: {anonymous: "security source"}
                statement: "s"
                figures: {zeta: 1, wounded: "around 200", killed: {min: 81, max: 100}, abducted: 3}
                reported_in: [{article: x, excerpt: "e"}]
              - id: b
                claimant: jnim
                statement: "t"
                reported_in: [{article: y}]
            """
        let fm = try decode(yaml).get()
        #expect(fm.claims.count == 2)
        #expect(fm.claims[0].claimant == .anonymous("security source"))
        #expect(fm.claims[1].claimant == .actor("jnim"))
        #expect(fm.claims[0].figures.map(\.key) == ["killed", "wounded", "abducted", "zeta"])
        #expect(fm.claims[0].figures[0].range == FigureRange(min: 81, max: 100, qualifier: .range, wording: "81–100"))
        #expect(fm.claims[0].reportedIn == [ReportedIn(article: "x", excerpt: "e")])
        #expect(fm.claims[1].reportedIn[0].excerpt == nil)
    }

    @Test("a bad figure is an error at the figure's value")
    func badFigurePosition() {
        let yaml = "title: T\nclaims:\n  - id: a\n    claimant: jnim\n    statement: s\n    figures:\n      killed: \"some\"\n    reported_in: []\n"
        guard case .failure(let diagnostics) = decode(yaml) else {
            Issue.record("expected an error")
            return
        }
        #expect(diagnostics.sorted.map(\.description).first?.hasPrefix(
            "content/incidents/x.md:8:15: error: field 'claims[0].figures.killed': 'some' is not a figure") == true)
    }

    @Test("unknown nested keys in claims, quotes and timeline are reported")
    func unknownNestedKeys() {
        let yaml = """
            title: T
            claims:
              - {id: a, claimant: {anonymus: x}, statement: s, reported_in: [{article: x, exerpt: e}], figures: {killed: {min: 1, max: 2, mid: 1}}}
            quotes:
              - {speaker: a, text: t, reported_in: [], said: x}
            timeline:
              - {at: "2024-09-17", precision: day, kind: happened, text: t, sources: [], source: x}
            """
        guard case .failure(let diagnostics) = decode(yaml) else {
            Issue.record("expected errors")
            return
        }
        let messages = diagnostics.sorted.map(\.message)
        #expect(messages.contains("unknown field 'anonymus' (did you mean 'anonymous'?)"))
        #expect(messages.contains("unknown field 'exerpt' (did you mean 'excerpt'?)"))
        #expect(messages.contains("unknown field 'mid' (did you mean 'min'?)"))
        #expect(messages.contains("unknown field 'said'"))
        #expect(messages.contains("unknown field 'source' (did you mean 'sources'?)"))
    }

    @Test("timeline entries take a date or a date and time, and a precision and kind from fixed lists")
    func timeline() throws {
        let yaml = """
            title: T
            timeline:
              - {at: "2024-09-17T05:30", precision: minute, kind: happened, text: t, sources: [a]}
              - {at: "2024-09-18", precision: approximate, kind: reported, text: u, sources: []}
            """
        let fm = try decode(yaml).get()
        #expect(fm.timeline[0].at.description == "2024-09-17T05:30")
        #expect(fm.timeline[0].at.time == "05:30")
        #expect(fm.timeline[1].kind == .reported)
        #expect(fm.timeline[0].at < fm.timeline[1].at)
        let bad = decode("title: T\ntimeline:\n  - {at: \"2024-09-17T25:00\", precision: day, kind: happened, text: t, sources: []}\n")
        guard case .failure(let diagnostics) = bad else {
            Issue.record("expected an error")
            return
        }
        #expect(diagnostics.sorted.first?.message == "field 'timeline[0].at': '2024-09-17T25:00' is not a date YYYY-MM-DD or a date and time YYYY-MM-DDTHH:MM")
    }

    @Test("quotes that differ only in spelling have the same match key")
    func quoteKeys() {
        #expect(Quote.matchKey("the terrorists have been neutralised.") == Quote.matchKey("The “terrorists have been neutralized”"))
        #expect(Quote.matchKey("organisation") == Quote.matchKey("Organization!"))
        #expect(Quote.matchKey("neutralised") != Quote.matchKey("neutral"))
    }
}
