import DossierKit
import DossierMarkdown
@testable import DossierSite
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

    @Test("the radix sort of whole hashes gives what sort() gives: random, repeated, clustered and tiny inputs")
    func radixSortMatchesSort() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 17, 25, 64, 1_000, 5_000, 300_000] {
            let random = (0..<count).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
            let repeated = (0..<count).map { _ in UInt64.random(in: 0...5, using: &generator) << 60 | 7 }
            let clustered = (0..<count).map { _ in 0xABCD_0000_0000_0000 | UInt64.random(in: 0...1_000, using: &generator) }
            let extremes = (0..<count).map { index in index.isMultiple(of: 2) ? UInt64.max : 0 }
            for values in [random, repeated, clustered, extremes] {
                var sorted: [UInt64] = []
                Syndication.radixSort(values, below: 64, into: &sorted)
                #expect(sorted == values.sorted(), "\(count) values")
            }
            // Values that agree from bit `below` up, as in one bucket of `pairs`; a reused, longer output.
            for below in [53, 20, 9, 3, 0] {
                let mask: UInt64 = below == 0 ? 0 : (1 << UInt64(below)) - 1
                let top: UInt64 = 0x5A5A_5A5A_5A5A_5A5A & ~mask
                for values in [random, repeated, clustered].map({ $0.map { top | ($0 & mask) } }) {
                    var sorted = [UInt64](repeating: 9, count: count + 5)
                    Syndication.radixSort(values, below: UInt64(below), into: &sorted)
                    #expect(sorted == values.sorted(), "\(count) values below bit \(below)")
                }
            }
        }
    }

    @Test("shingles from the UTF-8 bytes are those from the Unicode scalars (random text in several scripts)")
    func shinglesMatchScalarReading() {
        /// The reading `fingerprints` replaced: scalar by scalar.
        func reference(_ text: String) -> [UInt64] {
            var words: [UInt64] = []
            let offset: UInt64 = 0xcbf2_9ce4_8422_2325, prime: UInt64 = 0x100_0000_01b3
            var hash = offset
            var inWord = false
            for scalar in text.unicodeScalars {
                var value = scalar.value
                let isWord: Bool
                if value < 0x80 {
                    if value >= 0x41 && value <= 0x5A { value += 0x20 }
                    isWord = (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
                    if value == 0x27 { continue }
                } else {
                    if value == 0x2019 { continue }
                    isWord = scalar.properties.isAlphabetic
                    if isWord, let lower = scalar.properties.lowercaseMapping.unicodeScalars.first { value = lower.value }
                }
                if isWord {
                    if !inWord { hash = offset }
                    inWord = true
                    hash = (hash ^ UInt64(value)) &* prime
                } else if inWord {
                    words.append(hash)
                    inWord = false
                }
            }
            if inWord { words.append(hash) }
            guard words.count >= Shingles.width else { return [] }
            var prints = Set<UInt64>()
            for start in 0...(words.count - Shingles.width) {
                var h = offset
                for word in words[start..<start + Shingles.width] { h = (h ^ word) &* prime &+ 0x9e37_79b9_7f4a_7c15 }
                prints.insert(h)
            }
            return prints.sorted()
        }
        let pieces = [
            "Bamako", "BAMAKO", "l’école", "Mali's", "gendarmerie", "77", "2024-09-17", "Ñandú", "Straße", "ΑΘΗΝΑ",
            "Москва", "الجيش", "中文", "🙂", "e\u{301}", "Ǆ", "İstanbul", ",", ".", "—", "\n", "  ", "'", "’",
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...60, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined(separator: Bool.random(using: &random) ? " " : "")
            #expect(Shingles.fingerprints(text) == reference(text), "\(text)")
        }
    }

    @Test("the words hashed during the Markdown walk are the plain text's words")
    func wordHashesFromTheWalk() {
        // Pieces of Markdown that split words over text nodes (emphasis, escapes, entities, code),
        // end blocks and lines, and hold non-ASCII letters and apostrophes.
        let pieces = [
            "Bamako", "l’école", "Mali's", "Ñandú", "Москва", "77", "**", "_", "`code`", "\\*", "&amp;", "&ouml;",
            "&#8217;", "[link](/incidents/x/)", "<https://example.org/a>", "\n", "\n\n", "\n- ", "\n\n    indented code\n\n",
            "\n| a | b |\n|---|---|\n| c | d |\n\n", "~~gone~~", "  \n", " ", " ", " ", "Jnim", "JNIM",
        ]
        let mentions = MentionIndex(aliases: [("JNIM", 0)], paths: ["actors/jnim/"])
        let renderer = CmarkRenderer()
        var random = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let text = (0..<Int.random(in: 0...80, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let index = round.isMultiple(of: 2) ? mentions : nil
            let both = renderer.render(MarkdownInput(text, mentions: index, plainText: true, wordHashes: true))
            #expect(both.wordHashes == WordHasher.words(of: both.plainText), "\(text)")
            let hashesOnly = renderer.render(MarkdownInput(text, mentions: index, wordHashes: true))
            #expect(hashesOnly.wordHashes == both.wordHashes, "\(text)")
            #expect(hashesOnly.plainText.isEmpty)
            #expect(hashesOnly.html == both.html)
        }
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

/// `Syndication.pairs` against two references: the one-sort version it replaced (every packed value
/// in one array), and a straightforward comparison of every pair of articles.
@Suite("Syndication pairs by bucket")
struct SyndicationBucketTests {
    /// The previous implementation: one array of every packed value, one sort, a dictionary of counts.
    static func onePass(_ prints: [[UInt64]], threshold: Double = Syndication.threshold) -> [SimilarPair] {
        guard prints.count > 1 else { return [] }
        let articleBits = UInt64(Int.bitWidth - (prints.count - 1).leadingZeroBitCount)
        let articleMask: UInt64 = (1 << articleBits) - 1
        var packed: [UInt64] = []
        for (article, shingles) in prints.enumerated() {
            for shingle in shingles { packed.append((shingle & ~articleMask) | UInt64(article)) }
        }
        packed.sort()
        var shared: [UInt64: Int] = [:]
        var start = 0
        while start < packed.count {
            let shingle = packed[start] & ~articleMask
            var end = start + 1
            while end < packed.count, packed[end] & ~articleMask == shingle { end += 1 }
            if end - start > 1, end - start <= Syndication.maximumPostings {
                for x in start..<end {
                    for y in (x + 1)..<end {
                        let a = packed[x] & articleMask, b = packed[y] & articleMask
                        if a != b { shared[a << 32 | b, default: 0] += 1 }
                    }
                }
            }
            start = end
        }
        var result: [SimilarPair] = []
        for (key, count) in shared where count >= Syndication.minimumShared {
            let a = Int(key >> 32), b = Int(key & 0xffff_ffff)
            let similarity = Double(count) / Double(min(prints[a].count, prints[b].count))
            if similarity >= threshold { result.append(SimilarPair(first: a, second: b, shared: count, similarity: similarity)) }
        }
        return result.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }

    /// Every pair compared: the shingles both hold, leaving out those more than `maximumPostings`
    /// articles hold. The same as the packed search when no two shingles differ only in the bits the
    /// article index takes.
    static func allPairs(_ prints: [[UInt64]], threshold: Double = Syndication.threshold) -> [SimilarPair] {
        var holders: [UInt64: Int] = [:]
        for shingles in prints { for shingle in shingles { holders[shingle, default: 0] += 1 } }
        let sets = prints.map(Set.init)
        var result: [SimilarPair] = []
        for a in prints.indices {
            for b in prints.indices where b > a {
                let common = sets[a].intersection(sets[b]).filter { holders[$0]! <= Syndication.maximumPostings }
                guard common.count >= Syndication.minimumShared else { continue }
                let similarity = Double(common.count) / Double(min(prints[a].count, prints[b].count))
                if similarity >= threshold {
                    result.append(SimilarPair(first: a, second: b, shared: common.count, similarity: similarity))
                }
            }
        }
        return result
    }

    /// Articles drawn from a few "reports": each takes a random share of one report's shingles and
    /// some of its own, so copies, rewrites and unrelated articles all occur.
    static func corpus(articles: Int, seed: UInt64, boilerplate: [UInt64] = []) -> [[UInt64]] {
        var random = SeededGenerator(seed: seed)
        let reports = (0..<max(1, articles / 6)).map { _ in (0..<Int.random(in: 20...200, using: &random)).map { _ in random.next() } }
        return (0..<articles).map { _ in
            var shingles: [UInt64] = []
            if Int.random(in: 0..<10, using: &random) > 0 {
                let report = reports.randomElement(using: &random)!
                let share = Double.random(in: 0...1, using: &random)
                shingles += report.filter { _ in Double.random(in: 0...1, using: &random) < share }
            }
            shingles += (0..<Int.random(in: 0...150, using: &random)).map { _ in random.next() }
            shingles += boilerplate.filter { _ in Bool.random(using: &random) }
            return Array(Set(shingles)).sorted()
        }
    }

    static func check(_ prints: [[UInt64]], againstAllPairs: Bool = true) {
        let expected = onePass(prints)
        if againstAllPairs { #expect(expected == allPairs(prints)) }
        for bucketBits in [nil, 0, 1, 3, 8] {
            for width in [1, 3] {
                #expect(Syndication.pairs(prints, width: width, bucketBits: bucketBits) == expected, "bucketBits \(String(describing: bucketBits)), width \(width)")
            }
        }
        // Bitmaps of one slot (every value kept), a few slots (most kept by chance) and many.
        for filterBits in [0, 3, 24] {
            for bucketBits in [nil, 2] {
                #expect(
                    Syndication.pairs(prints, width: 2, bucketBits: bucketBits, filterBits: filterBits) == expected,
                    "filterBits \(filterBits), bucketBits \(String(describing: bucketBits))")
            }
        }
        // The packed values sorted a few at a time, in many ranges of each bucket.
        for sortLimit in [1, 7, 100] {
            for bucketBits in [nil, 0, 3] {
                #expect(
                    Syndication.pairs(prints, width: 2, bucketBits: bucketBits, filterBits: 4, sortLimit: sortLimit) == expected,
                    "sortLimit \(sortLimit), bucketBits \(String(describing: bucketBits))")
            }
        }
    }

    @Test("no articles, one article, articles without shingles")
    func empty() {
        #expect(Syndication.pairs([]).isEmpty)
        #expect(Syndication.pairs([[1, 2, 3, 4, 5, 6, 7, 8, 9]]).isEmpty)
        #expect(Syndication.pairs([[], [], []], bucketBits: 4).isEmpty)
        let same = Array(UInt64(1) << 40..<(UInt64(1) << 40) + 20).map { $0 << 20 }
        Self.check([[], same, [], same])
        #expect(Syndication.pairs([[], same, [], same], bucketBits: 5).map(\.shared) == [20])
    }

    @Test("random articles: the same pairs as the one-sort version and as comparing every pair", arguments: [1, 2, 7, 40, 300])
    func random(articles: Int) {
        for seed in UInt64(1)...3 { Self.check(Self.corpus(articles: articles, seed: seed &* 7919 &+ UInt64(articles))) }
    }

    @Test("article counts at powers of two, where the article index takes one more bit", arguments: [63, 64, 65, 128, 129])
    func indexBits(articles: Int) {
        Self.check(Self.corpus(articles: articles, seed: UInt64(articles)))
    }

    @Test("shingles that differ only in the article-index bits count as one, as in the one-sort version")
    func lowBitCollisions() {
        var random = SeededGenerator(seed: 42)
        // Three articles (two index bits): shingles are equal but for their two lowest bits.
        let base = (0..<40).map { _ in random.next() & ~3 }.sorted()
        let prints = [base.map { $0 | 1 }, base.map { $0 | 2 }, (base.map { $0 | 3 } + base.prefix(10)).sorted()]
        let expected = Self.onePass(prints)
        #expect(!expected.isEmpty)
        Self.check(prints, againstAllPairs: false)
    }

    @Test("boilerplate: shingles held by more than maximumPostings articles are skipped")
    func boilerplate() {
        let limit = Syndication.maximumPostings
        let stock = Array(UInt64(1000)..<1020).map { $0 &* 0x9e37_79b9_7f4a_7c15 }.sorted()
        // `limit` articles share the stock phrases: they pair; one more and the phrases are skipped.
        Self.check(Array(repeating: stock, count: limit))
        #expect(Syndication.pairs(Array(repeating: stock, count: limit), bucketBits: 3).count == limit * (limit - 1) / 2)
        Self.check(Array(repeating: stock, count: limit + 1))
        #expect(Syndication.pairs(Array(repeating: stock, count: limit + 1), bucketBits: 3).isEmpty)
        Self.check(Self.corpus(articles: 150, seed: 9, boilerplate: stock))
    }

    @Test("runs on the borders of the ranges sorted one at a time stay whole")
    func sortRangeBorders() {
        // Two articles (one index bit). Sorting one value at a time, the bucket's range is cut in as
        // many parts as there are values to pack (2 × 20): the k-th part ends at ((k + 1) · units)
        // << 1 - 1, units = 2^63 / 40. Each article holds, for the first 20 ends, the two values of
        // the masked value that ends a part, which must stay in one part to be counted.
        let units = (UInt64(1) << 63) / 40
        let masked = (0..<UInt64(20)).map { (units * ($0 + 1) - 1) << 1 }
        let prints = [masked.map { $0 | 1 }, masked]
        let expected = [SimilarPair(first: 0, second: 1, shared: 20, similarity: 1)]
        #expect(Self.onePass(prints) == expected)
        #expect(Syndication.pairs(prints, width: 1, bucketBits: 0, filterBits: 24, sortLimit: 1) == expected)
        Self.check(prints, againstAllPairs: false)
    }

    @Test("shingles at the ends of the range and on bucket borders")
    func borders() {
        let edges: [UInt64] = [0, 1, 1 << 56, (1 << 60) - 1, 1 << 60, 1 << 63 - 1, 1 << 63, .max - 1, .max]
        let spread = (0..<16).map { UInt64($0) << 60 }
        let prints = [edges + spread, spread + edges, edges, spread].map { Array(Set($0)).sorted() }
        // 0 and 1, .max - 1 and .max differ only in the article-index bits.
        Self.check(prints, againstAllPairs: false)
        #expect(Syndication.pairs(prints, bucketBits: 4).contains { $0.first == 0 && $0.second == 1 })
    }
}
