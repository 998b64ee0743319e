import DossierKit
import DossierMarkdown
import DossierSite
import Foundation
import Testing

@Suite("Syndication")
struct SyndicationTests {
    let wire = "Armed men attacked a military police school in the capital early on Tuesday, officials said, and the airport was closed for the day while the army swept the area."

    @Test("identical texts are 100% similar; unrelated texts 0%")
    func identical() {
        let a = Shingles.fingerprints(wire)
        #expect(a.count == 25)  // 29 words
        #expect(Shingles.similarity(a, Shingles.fingerprints(wire.uppercased())) == 1)
        #expect(Shingles.similarity(a, Shingles.fingerprints("Nothing in this sentence is shared with that other one at all.")) == 0)
    }

    @Test("similarity is shared shingles over the shorter text's shingles")
    func containment() {
        let copy = Shingles.fingerprints(wire)
        let longer = Shingles.fingerprints(wire + " A second paragraph adds words that the wire copy never had in it, so the longer text grows.")
        let shared = Shingles.similarity(copy, longer)
        #expect(shared == 1)
        let half = Shingles.fingerprints("Armed men attacked a military police school in the capital early on Tuesday, witnesses told reporters who were nearby at the time.")
        let value = Shingles.similarity(Shingles.fingerprints(wire), half)
        #expect(value > 0.3 && value < 0.6)
    }

    @Test("too short texts have no shingles")
    func short() {
        #expect(Shingles.fingerprints("four words only here").isEmpty)
    }

    @Test("pairs: copies and rewrites above the thresholds, each pair once, in order")
    func pairs() {
        let other = "The ministry announced a curfew in three districts after protests over fuel prices spread through the markets of the northern towns on Friday evening."
        let prints = [wire, other, wire + " Extra words at the end make this copy a little longer than the wire."].map(Shingles.fingerprints)
        let pairs = Syndication.pairs(prints)
        #expect(pairs.count == 1)
        #expect(pairs.first?.first == 0)
        #expect(pairs.first?.second == 2)
        #expect(pairs.first?.isCopy == true)
        #expect(pairs.first?.percentText == "100%")
    }

    @Test("percent text: whole percent from ten, one decimal below")
    func percentText() {
        #expect(SimilarPair(first: 0, second: 1, shared: 9, similarity: 0.0274).percentText == "2.7%")
        #expect(SimilarPair(first: 0, second: 1, shared: 9, similarity: 0.625).percentText == "63%")
        #expect(SimilarPair(first: 0, second: 1, shared: 9, similarity: 0.625).isCopy)
        #expect(!SimilarPair(first: 0, second: 1, shared: 9, similarity: 0.1).isCopy)
    }
}

@Suite("Syndication on the seeds")
struct SeedSyndicationTests {
    @Test("the seeds are rewrites, not copies: 000–002, 001–002 and 003–004 share text")
    func seeds() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seeds")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let prints = try names.map { name -> [UInt64] in
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let article = try ArticleImporter.prepare(bytes, request: ImportRequest(file: name, source: "s"), exists: { _ in false }).get()
            let body = article.markdown.components(separatedBy: "---\n").last!
            return Shingles.fingerprints(CmarkRenderer().render(MarkdownInput(body, plainText: true)).plainText)
        }
        var table: [String] = []
        for a in prints.indices {
            for b in prints.indices where b > a {
                let pair = SimilarPair(first: a, second: b, shared: 0, similarity: Shingles.similarity(prints[a], prints[b]))
                table.append("\(a)-\(b) \(pair.percentText)")
            }
        }
        print("seed similarity: " + table.joined(separator: ", "))
        let pairs = Syndication.pairs(prints)
        #expect(pairs.map { "\($0.first)-\($0.second) \($0.percentText) \($0.isCopy)" } == ["0-2 5.0% false", "1-2 3.0% false", "3-4 2.7% false"])
    }
}
