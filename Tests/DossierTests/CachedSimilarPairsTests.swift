@testable import DossierSite
import Testing

@Suite("Similar articles from the analysis cache")
struct CachedSimilarPairsTests {
    @Test("articles with one key (equal bodies) take the previous ones with it; the rest are new or gone; counted incrementally")
    func repeatedKeys() {
        var random = SeededGenerator(seed: 5)
        func values(_ n: Int) -> [UInt64] { (0..<n).map { _ in UInt64.random(in: .min ... .max, using: &random) } }
        let wire = values(60)
        let shingles: [String: [UInt64]] = [
            "copy": wire.sorted(), "rewrite": Array(Set(wire.prefix(20) + values(100))).sorted(),
            "other": values(80).sorted(), "new": Array(Set(wire.suffix(30) + values(10))).sorted(),
        ]
        var cache = AnalysisCache()
        for (key, prints) in shingles {
            cache.entries[key] = AnalysisCache.Entry(mentioned: [], links: [], linkPositions: [], shingles: prints, plainText: nil)
        }
        let before = ["copy", "rewrite", "copy", "other", "copy"]
        cache.similar = AnalysisCache.Similar(
            articles: before,
            pairs: Syndication.pairs(before.map { shingles[$0]! }).map { AnalysisCache.Pair(first: $0.first, second: $0.second, shared: $0.shared) })
        // 5 to 8 articles: the same 3 index bits, so no full count for that.
        for after in [
            ["copy", "rewrite", "copy", "other", "copy"], ["rewrite", "copy", "other", "copy", "copy"],
            ["copy", "copy", "copy", "copy", "new"], ["other", "copy", "new", "rewrite", "copy", "copy"],
            ["new", "rewrite", "new", "copy", "other"], ["rewrite", "copy", "other", "copy", "copy", "copy", "copy", "new"],
        ] {
            let prints = after.map { shingles[$0]! }
            let (pairs, incremental) = AnalystLayer.similarPairs(prints, keys: after, previous: cache, width: 2)
            #expect(incremental, "\(after)")
            #expect(pairs == Syndication.pairs(prints), "\(after)")
            #expect(!pairs.isEmpty)
        }
        // 3 articles take 2 index bits: a full count, the same pairs.
        let three = ["rewrite", "copy", "other"]
        let counted = AnalystLayer.similarPairs(three.map { shingles[$0]! }, keys: three, previous: cache, width: 2)
        #expect(!counted.incremental)
        #expect(counted.pairs == Syndication.pairs(three.map { shingles[$0]! }))
        // Without the stored section: a full count.
        cache.similar = nil
        #expect(!AnalystLayer.similarPairs([wire.sorted(), wire.sorted()], keys: ["copy", "copy"], previous: cache, width: 2).incremental)
    }
}
