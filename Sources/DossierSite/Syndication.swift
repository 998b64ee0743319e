import DossierDiagnostics
import DossierMarkdown

/// Word shingles and the search for articles that share much of their text (syndicated copies and
/// rewrites of one wire report).
///
/// A shingle is a run of `width` consecutive words, after lower-casing and dropping everything but
/// letters and digits (apostrophes join: `Mali’s` is `malis`), hashed to 64 bits. The similarity of two
/// articles is the number of shingles they share divided by the shingle count of the shorter one, so a
/// short copy of a long report scores high. See `Syndication` for the thresholds.
public enum Shingles {
    public static let width = 5

    /// The distinct shingle hashes of a text, sorted.
    public static func fingerprints(_ text: String) -> [UInt64] {
        fingerprints(wordHashes: WordHasher.words(of: text))
    }

    /// The distinct shingle hashes of a text whose words' hashes (`WordHasher`) are `words`, sorted.
    public static func fingerprints(wordHashes words: [UInt64]) -> [UInt64] {
        guard words.count >= width else { return [] }
        return fingerprints(words: words)
    }

    /// The distinct shingle hashes of a text's word hashes (at least `width` of them), sorted.
    private static func fingerprints(words: [UInt64]) -> [UInt64] {
        // Read and written through pointers: the slice of `width` words per shingle and `append`
        // were most of this loop's instructions.
        let count = words.count - width + 1
        let prints = [UInt64](unsafeUninitializedCapacity: count) { prints, made in
            words.withUnsafeBufferPointer { words in
                for start in 0..<count {
                    var h = FNV1a.offset
                    for k in start..<start + width { h = (h ^ words[k]) &* FNV1a.prime &+ 0x9e37_79b9_7f4a_7c15 }
                    prints[start] = h
                }
            }
            made = count
        }
        // Spread by the top bits first: the hashes are evenly spread, so the parts left to sort are
        // tiny (`sort()` on the whole array was a tenth of the analyst step in the profile).
        var sorted: [UInt64] = []
        Syndication.radixSort(prints, below: 64, into: &sorted)
        // Repeats dropped in place.
        let kept = sorted.withUnsafeMutableBufferPointer { values -> Int in
            var kept = 0
            for value in values where kept == 0 || values[kept - 1] != value {
                values[kept] = value
                kept += 1
            }
            return kept
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// Shared shingles over the shingle count of the shorter text, 0...1.
    public static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(sharedCount(a, b)) / Double(min(a.count, b.count))
    }

    /// Common elements of two sorted arrays.
    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }
}

/// A pair of articles that share text.
public struct SimilarPair: Sendable, Equatable {
    public var first: Int
    public var second: Int
    public var shared: Int
    public var similarity: Double

    public init(first: Int, second: Int, shared: Int, similarity: Double) {
        self.first = first
        self.second = second
        self.shared = shared
        self.similarity = similarity
    }

    /// At or above `Syndication.copyThreshold`: one is a copy of the other (syndication).
    /// Below it: both rewrite a common report, keeping some of its sentences word for word.
    public var isCopy: Bool { similarity >= Syndication.copyThreshold }

    /// `62%`, or `2.7%` under ten percent, rounded half up; the same on every machine.
    public var percentText: String {
        let permille = Int((similarity * 1000).rounded())
        return permille >= 100 ? "\((permille + 5) / 10)%" : "\(permille / 10).\(permille % 10)%"
    }
}

public enum Syndication {
    /// Pairs at or above this similarity are syndicated copies.
    public static let copyThreshold = 0.30
    /// Pairs at or above this similarity, sharing at least `minimumShared` shingles, are rewrites of a
    /// common report. Unrelated articles on one conflict share a few stock phrases, rarely eight.
    public static let threshold = 0.02
    /// Pairs must share at least this many shingles, so stock phrases and very short texts do not match.
    public static let minimumShared = 8
    /// Shingles found in more articles than this are boilerplate and carry no signal; they are skipped.
    public static let maximumPostings = 64

    /// Every pair of articles at or above the threshold, ordered by first then second index. Only pairs
    /// that share a shingle are compared: every (shingle, article) is packed into one integer (the
    /// shingle's high bits, the article's index in the low bits) and sorted, so each run of equal
    /// shingles lists the articles holding it, like an inverted index but in flat arrays.
    ///
    /// The packed values are made and sorted bucket by bucket (a bucket holds the shingles with the
    /// same top `bucketBits` bits; each article's sorted shingles give one contiguous run per bucket),
    /// buckets in parallel: a run of equal shingles never crosses buckets, and the counts are those
    /// of one sort of everything. Pairs are counted in hash tables split by the first article's top
    /// index bits, merged part by part in parallel.
    ///
    /// Most shingles are held by one article only (96 % of them in the benchmark corpus), and a run
    /// of one makes no pair. So a bucket's shingles are first marked in a bitmap (two bits a slot:
    /// seen once, seen again), and only those whose slot was seen again are packed and sorted; the
    /// values of a run share their slot, so no run loses a member, and a slot shared by chance only
    /// adds values that make no pair. The packed values are sorted about `sortLimit` at a time
    /// (each time a range of the bucket's shingles, read again from the cursors), so memory stays
    /// small however much the articles share.
    ///
    /// Each bucket reads every article's cursor and the shingles there, two cache misses an article,
    /// so there are few buckets: eight, with a bitmap of about eight slots a value (at most 2^25
    /// slots, 8 MB). At 10,000 articles (4.8 M shingles, 2^23 slots) the search took 42 to 45 ms,
    /// against 60 to 67 ms when every value was sorted in buckets of 2^20; at 100,000 (2^25 slots)
    /// 1.33 to 1.40 s against 1.81 to 1.86 s. Sixteen buckets took 34 to 38 ms at 10,000 (2^22
    /// slots, in a core's 1 MB cache) but 1.35 to 1.40 s at 100,000 (2^24 slots), and 128 buckets
    /// 2.9 s there (docs/performance.md, nineteenth session).
    /// `bucketBits`, `filterBits` and `sortLimit` (tests) set the bucket count, the bitmap's slots
    /// and about the most values sorted at a time.
    public static func pairs(
        _ prints: [[UInt64]], threshold: Double = threshold, width: Int = Parallel.defaultWidth, bucketBits: Int? = nil,
        filterBits: Int? = nil, sortLimit: Int = 1 << 20
    ) -> [SimilarPair] {
        guard prints.count > 1 else { return [] }
        let articleBits = UInt64(Int.bitWidth - (prints.count - 1).leadingZeroBitCount)
        let articleMask: UInt64 = (1 << articleBits) - 1
        let total = prints.reduce(0) { $0 + $1.count }
        // Eight buckets, each of at least 2^17 values (fewer for small inputs); never bits the
        // article index uses.
        var automatic = 0
        while automatic < 3, total >> (automatic + 17) > 0 { automatic += 1 }
        let bucketBits = max(0, min(bucketBits ?? automatic, 20, 53 - Int(articleBits)))
        let shift = UInt64(64 - bucketBits)
        // The bitmap's slot of a value: its bits just below the bucket's, above the article index
        // bits (equal masked values, one slot).
        let perBucket = max(1, total >> bucketBits)
        let automaticSlots = max(10, min(25, Int.bitWidth - (perBucket * 8 - 1).leadingZeroBitCount))
        let slotBits = UInt64(max(0, min(filterBits ?? automaticSlots, Int(shift) - Int(articleBits))))
        let slotShift = shift - slotBits
        let slotMask: UInt64 = (1 << slotBits) - 1
        let buckets = 1 << bucketBits
        let groups = min(buckets, max(1, width) * 4)
        let partitionShift = articleBits - min(4, articleBits)
        let partitions = Int((articleMask >> partitionShift) + 1)
        let counted = Parallel.map(Array(0..<groups), width: width) { group -> [PairCounts] in
            var counts = [PairCounts](repeating: PairCounts(), count: partitions)
            let first = buckets * group / groups, last = buckets * (group + 1) / groups
            guard first < last else { return counts }
            prints.withUnsafeBufferPointer { prints in
                // Each article's position in its shingles: where this group's first bucket starts.
                var cursors = [Int](repeating: 0, count: prints.count)
                if first > 0 {
                    let lowest = UInt64(first) << shift
                    for article in prints.indices {
                        prints[article].withUnsafeBufferPointer { shingles in
                            var low = 0, high = shingles.count
                            while low < high {
                                let mid = (low + high) / 2
                                if shingles[mid] < lowest { low = mid + 1 } else { high = mid }
                            }
                            cursors[article] = low
                        }
                    }
                }
                var packed: [UInt64] = [], sorted: [UInt64] = []
                var ends = [Int](repeating: 0, count: prints.count)
                // Two bits a slot, 32 slots a word: bit 2k "seen", bit 2k + 1 "seen again". Not an
                // array: one taken in a closure around the loops below made them retain each article's.
                let words = max(1, (1 << Int(slotBits)) / 32)
                let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
                defer { slots.deallocate() }
                for bucket in first..<last {
                    let start = UInt64(bucket) << shift
                    let end: UInt64 = bucket + 1 == buckets ? .max : UInt64(bucket + 1) << shift - 1
                    slots.initialize(repeating: 0, count: words)
                    // The values to pack: a slot seen a second time adds 2, a third time or more 1.
                    var candidates = 0
                    for article in prints.indices {
                        prints[article].withUnsafeBufferPointer { shingles in
                            var i = cursors[article]
                            while i < shingles.count, shingles[i] <= end {
                                let slot = bitmapSlot(shingles[i], shift: slotShift, mask: slotMask)
                                let bit = UInt64(slot & 31) * 2
                                let word = slots[slot >> 5]
                                let state = word >> bit & 3
                                candidates &+= Int(truncatingIfNeeded: (state & 1) << 1 &- state >> 1)
                                slots[slot >> 5] = word | (1 << bit) | ((word >> bit & 1) << (bit + 1))
                                i += 1
                            }
                            ends[article] = i
                        }
                    }
                    // In parts of the bucket's range, split at whole masked values (a run is never split).
                    let parts = min(max(1, (candidates + sortLimit - 1) / max(1, sortLimit)), 1 << min(20, Int(shift - articleBits)))
                    let units = (UInt64(1) << (shift - articleBits)) / UInt64(parts)
                    for part in 0..<parts {
                        let partEnd = part + 1 == parts ? end : start + (units * UInt64(part + 1)) << articleBits - 1
                        packed.removeAll(keepingCapacity: true)
                        for article in prints.indices {
                            prints[article].withUnsafeBufferPointer { shingles in
                                var i = cursors[article]
                                while i < ends[article], shingles[i] <= partEnd {
                                    let slot = bitmapSlot(shingles[i], shift: slotShift, mask: slotMask)
                                    if slots[slot >> 5] >> (UInt64(slot & 31) * 2 + 1) & 1 != 0 {
                                        packed.append((shingles[i] & ~articleMask) | UInt64(article))
                                    }
                                    i += 1
                                }
                                cursors[article] = i
                            }
                        }
                        radixSort(packed, below: shift, into: &sorted)
                        sorted.withUnsafeBufferPointer { sorted in
                            countPairs(in: sorted, articleMask: articleMask, partitionShift: partitionShift, into: &counts)
                        }
                    }
                }
            }
            return counts
        }
        let found = Parallel.map(Array(0..<partitions), width: width) { part -> [SimilarPair] in
            var shared = counted[0][part]
            for other in counted.dropFirst() { shared.add(other[part]) }
            var result: [SimilarPair] = []
            shared.forEach { key, count in
                guard count >= minimumShared else { return }
                let a = Int(key >> 32), b = Int(key & 0xffff_ffff)
                let similarity = Double(count) / Double(min(prints[a].count, prints[b].count))
                if similarity >= threshold { result.append(SimilarPair(first: a, second: b, shared: count, similarity: similarity)) }
            }
            return result.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        }
        // Part by part, the first articles ascend.
        return Array(found.joined())
    }

    /// The bitmap slot of a shingle in `pairs`: the same for shingles equal but for the article-index bits.
    @inline(__always)
    private static func bitmapSlot(_ shingle: UInt64, shift: UInt64, mask: UInt64) -> Int {
        Int(truncatingIfNeeded: (shingle >> shift) & mask)
    }

    /// `values` (which agree in the bits from `shift` up) sorted into `sorted`: spread by the top
    /// bits below `shift` (about one digit per value, at most 11 bits), then each part on its
    /// own, in the cache: parts of a few values by insertion, larger ones by the next 8 bits, and so
    /// on. The hashes are evenly spread, so the parts are small; a comparison sort of parts of ~500
    /// values was most of the time of `pairs`, and a 2,048-digit table for an article's few hundred
    /// shingles most of `Shingles.fingerprints`' sort. One digit per value, not per two: 10,000
    /// arrays of 300 to 700 random hashes took 34.5 against 41.5 ms (a part's "fewer than two
    /// values" test is then mostly true, so better predicted); one per four took 42 ms.
    static func radixSort(_ values: [UInt64], below shift: UInt64, into sorted: inout [UInt64]) {
        if sorted.count < values.count {
            // Not zeroed first: `spread` writes every element (zeroing was 0.4 % of a build's instructions).
            sorted = [UInt64](unsafeUninitializedCapacity: values.count) { _, count in count = values.count }
        }
        var bits = 4
        while bits < 11, values.count >> bits > 0 { bits += 1 }
        let digitBits = UInt64(min(bits, Int(shift)))
        values.withUnsafeBufferPointer { input in
            sorted.withUnsafeMutableBufferPointer { out in
                guard digitBits > 0 else {
                    // No bits below `shift`: every value is the same.
                    _ = out.initialize(fromContentsOf: input)
                    return
                }
                spread(input, into: out, shift: shift, digitBits: digitBits)
            }
        }
        sorted.removeLast(sorted.count - values.count)
    }

    /// Parts of at most this many values are sorted by insertion.
    private static let insertionLimit = 24

    /// `input` (agreeing from bit `shift` up) spread into `out` (as long) by the `digitBits` bits
    /// below `shift`, then each part sorted in place.
    private static func spread(
        _ input: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt64>, shift: UInt64, digitBits: UInt64
    ) {
        let digits = 1 << Int(digitBits)
        let digitShift = shift - digitBits, digitMask = UInt64(digits - 1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: digits + 1) { starts in
            starts.initialize(repeating: 0)
            for value in input { starts[Int((value >> digitShift) & digitMask) + 1] += 1 }
            for digit in 0..<digits { starts[digit + 1] += starts[digit] }
            withUnsafeTemporaryAllocation(of: Int.self, capacity: digits) { next in
                for digit in 0..<digits { next[digit] = starts[digit] }
                for value in input {
                    let digit = Int((value >> digitShift) & digitMask)
                    out[next[digit]] = value
                    next[digit] += 1
                }
            }
            for digit in 0..<digits {
                let lower = starts[digit], upper = starts[digit + 1]
                let count = upper - lower
                if count < 2 { continue }
                let part = UnsafeMutableBufferPointer(rebasing: out[lower..<upper])
                if count <= insertionLimit || digitShift == 0 {
                    insertionSort(part)
                } else {
                    // Copied aside and spread back by the next bits.
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { aside in
                        _ = aside.initialize(fromContentsOf: part)
                        spread(UnsafeBufferPointer(aside), into: part, shift: digitShift, digitBits: min(8, digitShift))
                    }
                }
            }
        }
    }

    private static func insertionSort(_ part: UnsafeMutableBufferPointer<UInt64>) {
        for i in 1..<part.count {
            let value = part[i]
            var j = i
            while j > 0, part[j - 1] > value {
                part[j] = part[j - 1]
                j -= 1
            }
            part[j] = value
        }
    }

    /// Counts the pairs of articles in each run of equal shingles of `packed` (sorted), in the table
    /// of the first article's part.
    static func countPairs(
        in packed: UnsafeBufferPointer<UInt64>, articleMask: UInt64, partitionShift: UInt64, into counts: inout [PairCounts]
    ) {
        var start = 0
        while start < packed.count {
            let shingle = packed[start] & ~articleMask
            var end = start + 1
            while end < packed.count, packed[end] & ~articleMask == shingle { end += 1 }
            if end - start > 1, end - start <= maximumPostings {
                for x in start..<end {
                    let a = packed[x] & articleMask
                    for y in (x + 1)..<end {
                        let b = packed[y] & articleMask
                        if a != b { counts[Int(a >> partitionShift)].add(a << 32 | b, 1) }
                    }
                }
            }
            start = end
        }
    }
}

/// Shared-shingle counts per article pair (`a << 32 | b`, a < b): an open-addressing hash table,
/// smaller and faster than a dictionary for millions of pairs.
struct PairCounts {
    private struct Slot {
        var key: UInt64
        var count: Int32
    }
    private var slots: [Slot] = []
    private(set) var count = 0
    private static let empty = UInt64.max  // never a pair: a < b

    mutating func add(_ key: UInt64, _ amount: Int32) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            // Fibonacci hashing: the product's top bits.
            var slot = Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> UInt64(64 - mask.nonzeroBitCount))
            while true {
                let found = slots[slot].key
                if found == key {
                    slots[slot].count += amount
                    return
                }
                if found == Self.empty {
                    slots[slot] = Slot(key: key, count: amount)
                    count += 1
                    return
                }
                slot = (slot + 1) & mask
            }
        }
    }

    mutating func add(_ other: PairCounts) {
        if slots.isEmpty {
            self = other
            return
        }
        for slot in other.slots where slot.key != Self.empty { add(slot.key, slot.count) }
    }

    func forEach(_ body: (UInt64, Int) -> Void) {
        for slot in slots where slot.key != Self.empty { body(slot.key, Int(slot.count)) }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: Self.empty, count: 0), count: max(1024, slots.count * 2))
        count = 0
        for slot in old where slot.key != Self.empty { add(slot.key, slot.count) }
    }
}
