import DossierMarkdown
@testable import DossierSite
import Testing

@Suite("Analysis cache pairs")
struct AnalysisCachePairsTests {
    private func entry(_ shingles: [UInt64]) -> AnalysisCache.Entry {
        AnalysisCache.Entry(mentioned: [1], links: ["a/"], linkPositions: [MarkdownPosition(line: 1, column: 2)], shingles: shingles, plainText: nil)
    }

    @Test("the similar articles read back as written, repeated keys too; a section naming no entry or no article is not written")
    func roundTrip() throws {
        var cache = AnalysisCache()
        for key in ["k1", "k2", "k3"] { cache.entries[key] = entry([1, 2, 3]) }
        #expect(try #require(AnalysisCache(decoding: cache.encoded())).similar == nil)
        // Two articles with one body share a key.
        let articles = ["k3", "k1", "k2", "k1"]
        cache.similar = AnalysisCache.Similar(
            articles: articles,
            pairs: [AnalysisCache.Pair(first: 1, second: 3, shared: 900), AnalysisCache.Pair(first: 0, second: 2, shared: 8)])
        let decoded = try #require(AnalysisCache(decoding: cache.encoded()))
        #expect(decoded.similar == cache.similar)
        #expect(decoded.entries == cache.entries)
        for broken in [
            AnalysisCache.Similar(articles: articles + ["gone"], pairs: []),
            AnalysisCache.Similar(articles: articles, pairs: [AnalysisCache.Pair(first: 0, second: 4, shared: 9)]),
            AnalysisCache.Similar(articles: articles, pairs: [AnalysisCache.Pair(first: 2, second: 2, shared: 9)]),
        ] {
            cache.similar = broken
            let without = try #require(AnalysisCache(decoding: cache.encoded()))
            #expect(without.similar == nil)
            #expect(without.entries == cache.entries)
        }
        cache.similar = AnalysisCache.Similar(articles: [], pairs: [])
        #expect(try #require(AnalysisCache(decoding: cache.encoded())).similar == cache.similar)
    }
}
