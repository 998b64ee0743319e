import DossierDiagnostics

extension Syndication {
    /// What the previous build's `pairs` saw and found, for `pairs(_:previousIndex:previous:)`.
    public struct Previous: Sendable {
        /// How many articles the previous build had.
        public var count: Int
        /// Its pairs (any order), in its own article indices, found with the same thresholds.
        /// Only `first`, `second` and `shared` are read.
        public var pairs: [SimilarPair]
        /// The shingles of its articles that are not among the current ones: removed articles and the
        /// old versions of edited ones.
        public var gone: [[UInt64]]

        public init(count: Int, pairs: [SimilarPair], gone: [[UInt64]]) {
            self.count = count
            self.pairs = pairs
            self.gone = gone
        }
    }

    /// The article index bits of `pairs` for `n` articles (n ≥ 1).
    static func articleBits(_ n: Int) -> Int { Int.bitWidth - (n - 1).leadingZeroBitCount }

    /// The same pairs as `pairs(prints, threshold:)`, bit for bit, from the previous build's: only the
    /// shingles of the changed articles are looked up, instead of sorting every article's.
    ///
    /// `previousIndex[r]`: the index, in the previous build, of an article with the same shingles as
    /// article `r` (its analysis key was there), or nil for a new or edited article. Unchanged
    /// articles U, changed or new ones C, gone ones R (`previous.gone`). A pair's count is the sum,
    /// over the masked shingle values d the two hold, of their multiplicities' product, for the d held
    /// (with multiplicity) by 2...`maximumPostings` articles. Only the values D of C and R change their
    /// holders; so the count of a pair within U changes only if some d in D held by two of U crosses
    /// `maximumPostings` (then, and when the index bits differ, everything is counted again), and the
    /// pairs within U are the previous ones. The pairs with an article of C are counted over D.
    ///
    /// Falls back to `pairs` (and says so) when C and R hold more than `maximumChanged` articles (an
    /// edited article is in both): by default an eighth of the articles, at least 16. Past that, D
    /// fills the bitmap below (so every shingle of U takes a binary search) and crossings grow
    /// likely; the cut is a judgment, not measured (a one-article edit of 10k is the case measured).
    public static func pairs(
        _ prints: [[UInt64]], previousIndex: [Int?], previous: Previous, threshold: Double = threshold,
        width: Int = Parallel.defaultWidth, maximumChanged: Int? = nil
    ) -> (pairs: [SimilarPair], incremental: Bool) {
        precondition(previousIndex.count == prints.count)
        let n = prints.count
        guard n > 1 else { return ([], true) }
        func full() -> (pairs: [SimilarPair], incremental: Bool) {
            (pairs(prints, threshold: threshold, width: width), false)
        }
        // Masked values are only comparable with the same index bits.
        guard previous.count >= 1, articleBits(previous.count) == articleBits(n) else { return full() }
        let changed = previousIndex.indices.filter { previousIndex[$0] == nil }
        guard changed.count + previous.gone.count <= (maximumChanged ?? max(16, n / 8)) else { return full() }
        // Each previous article is at most one current one, and every previous article is accounted for.
        var current = [Int?](repeating: nil, count: previous.count)
        for (r, p) in previousIndex.enumerated() {
            guard let p else { continue }
            guard p >= 0, p < previous.count, current[p] == nil else { return full() }
            current[p] = r
        }
        guard n - changed.count + previous.gone.count == previous.count else { return full() }

        let articleMask: UInt64 = (1 << UInt64(articleBits(n))) - 1
        // D: the masked values of C and R, sorted and unique.
        let d: [UInt64] = {
            var values: [UInt64] = []
            for r in changed { values.append(contentsOf: prints[r].lazy.map { $0 & ~articleMask }) }
            for shingles in previous.gone { values.append(contentsOf: shingles.lazy.map { $0 & ~articleMask }) }
            values.sort()
            var unique: [UInt64] = []
            unique.reserveCapacity(values.count)
            for value in values where unique.last != value { unique.append(value) }
            return unique
        }()

        /// (position in D, article, multiplicity) for each value of D an article holds.
        struct Hit {
            var value: Int32
            var article: Int32
            var multiplicity: Int32
        }
        // A bitmap of D's top 16 bits (8 KB, in the L1 cache): most shingles of the unchanged articles
        // are ruled out by one bit test (a merge against D was most of this function in a profile).
        let filter: [UInt64] = {
            var bits = [UInt64](repeating: 0, count: 1 << 10)
            for value in d { bits[Int(value >> 54)] |= 1 << ((value >> 48) & 63) }
            return bits
        }()
        /// The hits of one article's sorted shingles: masking keeps them sorted, equal ones adjacent.
        @Sendable func hits(_ shingles: [UInt64], article: Int, into result: inout [Hit]) {
            var i = 0
            while i < shingles.count {
                let value = shingles[i] & ~articleMask
                i += 1
                guard filter[Int(value >> 54)] & (1 << ((value >> 48) & 63)) != 0 else { continue }
                var low = 0, high = d.count
                while low < high {
                    let mid = (low + high) / 2
                    if d[mid] < value { low = mid + 1 } else { high = mid }
                }
                guard low < d.count, d[low] == value else { continue }
                var multiplicity: Int32 = 1
                while i < shingles.count, shingles[i] & ~articleMask == value {
                    multiplicity += 1
                    i += 1
                }
                result.append(Hit(value: Int32(low), article: Int32(article), multiplicity: multiplicity))
            }
        }
        // The unchanged articles' hits, in parallel (a bit test per shingle of every unchanged article).
        let unchanged = previousIndex.indices.filter { previousIndex[$0] != nil }
        let chunks = max(1, min(unchanged.count, width * 4))
        let unchangedHits = Parallel.map(Array(0..<chunks), width: width) { chunk -> [Hit] in
            var result: [Hit] = []
            for u in unchanged[unchanged.count * chunk / chunks..<unchanged.count * (chunk + 1) / chunks] {
                hits(prints[u], article: u, into: &result)
            }
            return result
        }.flatMap { $0 }
        var changedHits: [Hit] = []
        for r in changed { hits(prints[r], article: r, into: &changedHits) }
        var goneCount = [Int](repeating: 0, count: d.count)
        var goneHits: [Hit] = []
        for shingles in previous.gone {
            goneHits.removeAll(keepingCapacity: true)
            hits(shingles, article: 0, into: &goneHits)
            for hit in goneHits { goneCount[Int(hit.value)] += Int(hit.multiplicity) }
        }

        // Holders of each value of D before and after, with multiplicity.
        var unchangedCount = [Int](repeating: 0, count: d.count), unchangedHolders = unchangedCount
        for hit in unchangedHits {
            unchangedCount[Int(hit.value)] += Int(hit.multiplicity)
            unchangedHolders[Int(hit.value)] += 1
        }
        var newCount = unchangedCount
        for hit in changedHits { newCount[Int(hit.value)] += Int(hit.multiplicity) }
        for k in d.indices where unchangedHolders[k] >= 2 {
            let old = unchangedCount[k] + goneCount[k]
            if (old <= maximumPostings) != (newCount[k] <= maximumPostings) { return full() }
        }

        // Pairs with an article of C: each value of D counted in this build (2...maximumPostings
        // holders) gives every pair of its holders but those within U the product of multiplicities.
        let counted = newCount.map { $0 > 1 && $0 <= maximumPostings }
        var holders = [[Hit]](repeating: [], count: d.count)
        for hit in changedHits where counted[Int(hit.value)] { holders[Int(hit.value)].append(hit) }
        for hit in unchangedHits where counted[Int(hit.value)] && !holders[Int(hit.value)].isEmpty {
            holders[Int(hit.value)].append(hit)
        }
        var counts = PairCounts()
        let isChanged = previousIndex.map { $0 == nil }
        for list in holders where list.count > 1 {
            for x in list.indices {
                for y in (x + 1)..<list.count {
                    let a = Int(list[x].article), b = Int(list[y].article)
                    guard isChanged[a] || isChanged[b] else { continue }  // within U: the previous count
                    counts.add(UInt64(min(a, b)) << 32 | UInt64(max(a, b)), list[x].multiplicity * list[y].multiplicity)
                }
            }
        }
        var result: [SimilarPair] = []
        func keep(_ a: Int, _ b: Int, _ count: Int) {
            guard count >= minimumShared else { return }
            let similarity = Double(count) / Double(min(prints[a].count, prints[b].count))
            if similarity >= threshold { result.append(SimilarPair(first: a, second: b, shared: count, similarity: similarity)) }
        }
        counts.forEach { key, count in keep(Int(key >> 32), Int(key & 0xffff_ffff), count) }
        // Pairs within U: the previous ones, in this build's indices (they passed the same filters
        // with the same counts and shingle counts).
        for pair in previous.pairs {
            guard pair.first >= 0, pair.first < previous.count, pair.second >= 0, pair.second < previous.count,
                let a = current[pair.first], let b = current[pair.second]
            else { continue }
            keep(min(a, b), max(a, b), pair.shared)
        }
        result.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        return (result, true)
    }
}
