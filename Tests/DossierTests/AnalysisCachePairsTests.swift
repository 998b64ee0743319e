import DossierMarkdown
@testable import DossierSite
import Testing

@Suite("Analysis cache pairs")
struct AnalysisCachePairsTests {
    private func entry(_ shingles: [UInt64]) -> AnalysisCache.Entry {
        AnalysisCache.Entry(mentioned: [1], links: ["a/"], linkPositions: [MarkdownPosition(line: 1, column: 2)], shingles: shingles, plainText: nil)
    }

    @Test("pairs read back as written; pairs naming a key that is not an entry are not written")
    func roundTrip() throws {
        var cache = AnalysisCache()
        for key in ["k1", "k2", "k3"] { cache.entries[key] = entry([1, 2, 3]) }
        #expect(try #require(AnalysisCache(decoding: cache.encoded())).pairs == nil)
        cache.pairs = [AnalysisCache.Pair(first: "k3", second: "k1", shared: 900), AnalysisCache.Pair(first: "k1", second: "k2", shared: 8)]
        let decoded = try #require(AnalysisCache(decoding: cache.encoded()))
        #expect(decoded.pairs == cache.pairs)
        #expect(decoded.entries == cache.entries)
        cache.pairs?.append(AnalysisCache.Pair(first: "k1", second: "gone", shared: 9))
        let without = try #require(AnalysisCache(decoding: cache.encoded()))
        #expect(without.pairs == nil)
        #expect(without.entries == cache.entries)
        cache.pairs = []
        #expect(try #require(AnalysisCache(decoding: cache.encoded())).pairs == [])
    }
}
