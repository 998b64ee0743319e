import DossierContent
import DossierSite
import Testing

@Suite("Contested figures")
struct ContestedTests {
    func claim(_ id: String, _ figures: [String: String]) -> Claim {
        Claim(
            id: id, claimant: .anonymous(id), statement: id,
            figures: figures.keys.sorted(by: FigureKey.isOrderedBefore).map {
                Figure(key: $0, range: try! FigureRange.parse(figures[$0]!).get())
            })
    }

    @Test("claims whose ranges cannot both be true are contested, on that key only")
    func disjointRanges() {
        let claims = [
            claim("a", ["killed": "77", "wounded": "255"]),
            claim("b", ["killed": "about 100"]),  // 90–110
            claim("c", ["killed": "over 70", "wounded": "around 200"]),  // 71+, 180–220
            claim("d", ["wounded": "2"]),
        ]
        let conflicts = Contested.conflicts(claims)
        #expect(conflicts[0] == ["killed": [1], "wounded": [2, 3]])
        #expect(conflicts[1] == ["killed": [0]])
        #expect(conflicts[2] == ["wounded": [0, 3]])
        #expect(conflicts[3] == ["wounded": [0, 2]])
    }

    @Test("open-ended and overlapping ranges are not contested")
    func overlapping() {
        let claims = [claim("a", ["killed": "at least 2"]), claim("b", ["killed": "77"]), claim("c", ["killed": "70-80"])]
        #expect(Contested.conflicts(claims).allSatisfy { $0.isEmpty })
    }

    @Test("the span covers every claim; an open-ended claim makes it open-ended; known keys first")
    func spans() {
        let spans = Contested.spans([
            claim("a", ["killed": "77", "funerals": "about 50"]),
            claim("b", ["killed": "about 100", "wounded": "2"]),
            claim("c", ["wounded": "over 200"]),
        ])
        #expect(spans.map(\.key) == ["killed", "wounded", "funerals"])
        #expect(spans[0].text == "77–110")
        #expect(spans[0].claims == [0, 1])
        #expect(spans[1].text == "2–201 or more")
        #expect(Contested.spans([claim("d", ["wounded": "at least 2"])]).first?.text == "2 or more")
        #expect(spans[2].text == "45–55")
    }
}
