@testable import DossierSite
import Testing

/// Random corpora with the structures that decide `Syndication.pairs`: copies and rewrites of a few
/// wire reports (pairs over the thresholds), shingles that differ only in the article-index bits
/// (equal once masked: multiplicity, also across articles), and a block of boilerplate shingles held
/// by exactly 63...66 articles, next to `maximumPostings`.
private struct CorpusMaker {
    var random: SeededGenerator
    let wires: [[UInt64]]
    let boilerplate: [UInt64]

    init(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var wires: [[UInt64]] = []
        for _ in 0..<4 {
            let size = Int.random(in: 30...200, using: &random)
            wires.append((0..<size).map { _ in UInt64.random(in: .min ... .max, using: &random) })
        }
        self.wires = wires
        boilerplate = (0..<10).map { _ in UInt64.random(in: .min ... .max, using: &random) }
        self.random = random
    }

    mutating func own(_ count: Int) -> [UInt64] {
        (0..<count).map { _ in UInt64.random(in: .min ... .max, using: &random) }
    }

    /// One article's shingles, sorted and unique (as `Shingles.fingerprints` gives them).
    mutating func article() -> [UInt64] {
        var values: [UInt64]
        let wire = wires.randomElement(using: &random)!
        switch Int.random(in: 0..<10, using: &random) {
        case 0: values = []  // too short for shingles
        case 1...3: values = wire.filter { _ in Double.random(in: 0..<1, using: &random) < 0.8 } + own(Int.random(in: 0...30, using: &random))
        case 4...6: values = Array(wire.shuffled(using: &random).prefix(Int.random(in: 6...20, using: &random))) + own(Int.random(in: 50...300, using: &random))
        default: values = own(Int.random(in: 5...200, using: &random))
        }
        // Values differing from a wire's only in the low bits: one masked value, held once or more.
        if Int.random(in: 0..<3, using: &random) == 0 {
            for value in wire.prefix(Int.random(in: 1...12, using: &random)) {
                for _ in 0..<Int.random(in: 1...3, using: &random) { values.append(value & ~0x7 | UInt64.random(in: 0...7, using: &random)) }
            }
        }
        return Array(Set(values)).sorted()
    }

    /// A changed version of `shingles`: some dropped, some added, the boilerplate taken or given.
    mutating func edit(_ shingles: [UInt64]) -> [UInt64] {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return article()
        case 1: return Array(Set(shingles).symmetricDifference(boilerplate)).sorted()
        default:
            var values = shingles.filter { _ in Double.random(in: 0..<1, using: &random) < 0.8 }
            values += own(Int.random(in: 0...20, using: &random))
            if Bool.random(using: &random) { values += wires.randomElement(using: &random)!.prefix(Int.random(in: 0...40, using: &random)) }
            return Array(Set(values)).sorted()
        }
    }

    /// `n` articles; the boilerplate block held by `holders` of them (all when fewer).
    mutating func corpus(_ n: Int, boilerplateHolders holders: Int) -> [[UInt64]] {
        var prints = (0..<n).map { _ in article() }
        for r in Array(prints.indices).shuffled(using: &random).prefix(holders) {
            prints[r] = Array(Set(prints[r]).union(boilerplate)).sorted()
        }
        return prints
    }
}

/// One random edit of a corpus: the new prints, each one's previous index (nil: changed or new),
/// and the gone articles' prints.
private func randomEdit(
    _ old: [[UInt64]], changes: Int, maker: inout CorpusMaker
) -> (prints: [[UInt64]], previousIndex: [Int?], gone: [[UInt64]]) {
    var current: [(prints: [UInt64], previous: Int?)] = old.enumerated().map { ($0.element, $0.offset) }
    var gone: [[UInt64]] = []
    for _ in 0..<changes {
        switch Int.random(in: 0..<3, using: &maker.random) {
        case 0 where !current.isEmpty:  // remove
            let r = Int.random(in: current.indices, using: &maker.random)
            if current[r].previous != nil { gone.append(current[r].prints) }
            current.remove(at: r)
        case 1 where !current.isEmpty:  // change (an edited article's old version is gone)
            let r = Int.random(in: current.indices, using: &maker.random)
            if current[r].previous != nil { gone.append(current[r].prints) }
            current[r] = (maker.edit(current[r].prints), nil)
        default:  // add, sometimes a copy of another article
            let prints = current.isEmpty || Bool.random(using: &maker.random) ? maker.article() : current.randomElement(using: &maker.random)!.prints
            current.insert((prints, nil), at: Int.random(in: 0...current.count, using: &maker.random))
        }
    }
    // Articles move too (their index is by slug): the unchanged pairs are re-indexed.
    if Bool.random(using: &maker.random) { current.shuffle(using: &maker.random) }
    return (current.map(\.prints), current.map(\.previous), gone)
}

@Suite("Incremental syndication")
struct IncrementalSyndicationTests {
    /// The incremental pairs after an edit, checked against a full count; whether it was incremental.
    @discardableResult
    private func check(
        _ old: [[UInt64]], _ edit: (prints: [[UInt64]], previousIndex: [Int?], gone: [[UInt64]]),
        _ label: String, maximumChanged: Int? = .max
    ) -> Bool {
        let previous = Syndication.Previous(count: old.count, pairs: Syndication.pairs(old), gone: edit.gone)
        let (pairs, incremental) = Syndication.pairs(
            edit.prints, previousIndex: edit.previousIndex, previous: previous, width: 2, maximumChanged: maximumChanged)
        let expected = Syndication.pairs(edit.prints, width: 2)
        #expect(pairs == expected, "\(label): \(pairs.count) pairs, \(expected.count) expected")
        return incremental
    }

    @Test("random corpora and edits: the same pairs as a full count, incremental or not")
    func randomEdits() {
        var incremental = 0, fallbacks = 0, pairsSeen = 0
        for seed in UInt64(1)...120 {
            var maker = CorpusMaker(seed: seed)
            // Around the boilerplate cut and around powers of two.
            let n = [2, 3, 5, 31, 33, 60, 63, 64, 65, 66, 70, 100, 127, 128, 129][Int(seed) % 15]
            let holders = [63, 64, 65, 66][Int(seed / 15) % 4]
            let old = maker.corpus(n, boilerplateHolders: holders)
            pairsSeen += Syndication.pairs(old).count
            for round in 0..<6 {
                let edit = randomEdit(old, changes: Int.random(in: 0...4, using: &maker.random), maker: &maker)
                if check(old, edit, "seed \(seed) round \(round) n \(n)") { incremental += 1 } else { fallbacks += 1 }
            }
        }
        // Both paths ran, over corpora with pairs to find.
        #expect(incremental > 300)
        #expect(fallbacks > 20)
        #expect(pairsSeen > 1000)
    }

    @Test("boilerplate held by 65 articles: one dropping it makes it count for the others, so all is counted again")
    func boilerplateCrossing() {
        var maker = CorpusMaker(seed: 7)
        // 65 holders, so the ten boilerplate values do not count; at 64 they give every pair of holders 10.
        var old = maker.corpus(100, boilerplateHolders: 0)
        for r in 0..<65 { old[r] = Array(Set(old[r]).union(maker.boilerplate)).sorted() }
        var prints = old
        prints[0] = Array(Set(old[0]).subtracting(maker.boilerplate)).sorted()
        let previousIndex: [Int?] = [nil] + (1..<100).map { $0 }
        let edit = (prints, previousIndex, [old[0]])
        #expect(!check(old, edit, "drop to 64"))
        #expect(Syndication.pairs(prints).count > Syndication.pairs(old).count + 1000)  // the holders now pair up
        // Back from 64 to 65: the pairs among the holders go away.
        #expect(!check(prints, (old, previousIndex, [prints[0]]), "back to 65"))
        // Down to two unchanged holders (63 of 65 drop it): the two now share it, a crossing still.
        var two = old
        for r in 2..<65 { two[r] = Array(Set(old[r]).subtracting(maker.boilerplate)).sorted() }
        let keptTwo = (0..<100).map { $0 >= 2 && $0 < 65 ? nil : $0 }
        #expect(!check(old, (two, keptTwo, Array(old[2..<65])), "down to two holders"))
        #expect(Syndication.pairs(two).contains { $0.first == 0 && $0.second == 1 })
        // An edit that leaves the boilerplate alone is counted incrementally.
        var other = old
        other[80] = maker.edit(old[80]).filter { !maker.boilerplate.contains($0) }
        #expect(check(old, (other, (0..<100).map { $0 == 80 ? nil : $0 }, [old[80]]), "unrelated edit"))
    }

    @Test("a changed count of article-index bits, too many changes, or inconsistent indices: a full count")
    func fallbacks() {
        var maker = CorpusMaker(seed: 11)
        let old = maker.corpus(64, boilerplateHolders: 0)
        // 64 -> 65 articles: 6 -> 7 index bits.
        #expect(!check(old, (old + [maker.article()], (0..<64).map { $0 } + [nil], []), "65"))
        // 64 <-> 63 stays within 6 bits: incremental.
        let fewer = Array(old.dropLast())
        #expect(check(old, (fewer, (0..<63).map { $0 }, [old[63]]), "63 from 64"))
        #expect(check(fewer, (old, (0..<63).map { $0 } + [nil], []), "64 from 63"))
        // Over the default limit: more than 16 (or an eighth of the articles) changed, new or gone;
        // an edited article counts twice (its new and its old version).
        func replacing(_ count: Int) -> (prints: [[UInt64]], previousIndex: [Int?], gone: [[UInt64]]) {
            let new = (0..<count).map { _ in maker.article() }
            return (Array(old.prefix(64 - count)) + new, (0..<64 - count).map { $0 } + [Int?](repeating: nil, count: count), Array(old.suffix(count)))
        }
        #expect(check(old, replacing(8), "8 edits", maximumChanged: nil))
        #expect(!check(old, replacing(9), "9 edits", maximumChanged: nil))
        // Two articles claiming one previous article, or a previous article unaccounted for.
        #expect(!check(old, (old, [0] + (0..<63).map { $0 }, []), "duplicate index"))
        #expect(!check(old, (old, (0..<63).map { $0 } + [nil], []), "gone article missing"))
    }

    @Test("no article, one article, nothing before")
    func tiny() {
        var maker = CorpusMaker(seed: 3)
        let one = [maker.article()], two = [maker.article(), maker.article()]
        #expect(check([], ([], [], []), "empty"))
        #expect(check(one, ([], [], one), "one removed"))
        #expect(check([], (one, [nil], []), "one added"))
        #expect(check(two, (one, [0], [two[1]]), "two to one"))
        #expect(!check(one, (two, [0, nil], []), "one to two: 0 -> 1 index bits"))
        // Nothing before, two now: full count.
        #expect(!check([], (two, [nil, nil], []), "none to two"))
        // A copy added next to its original: the pair is found incrementally.
        let three = [one[0], Array(Set(maker.wires[0] + maker.own(20))).sorted(), maker.article()]
        let withCopy = three + [three[1]]
        #expect(check(three, (withCopy, [0, 1, 2, nil], []), "copy added"))
        #expect(Syndication.pairs(withCopy).contains { $0.first == 1 && $0.second == 3 && $0.similarity == 1 })
    }
}
