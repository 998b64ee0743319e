import DossierDiagnostics

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
        var words: [UInt64] = []  // each word's own hash
        let offset: UInt64 = 0xcbf2_9ce4_8422_2325, prime: UInt64 = 0x100_0000_01b3
        var hash = offset
        var inWord = false
        for scalar in text.unicodeScalars {
            var value = scalar.value
            let isWord: Bool
            if value < 0x80 {
                if value >= 0x41 && value <= 0x5A { value += 0x20 }  // ASCII upper -> lower
                isWord = (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
                if value == 0x27 { continue }  // apostrophe joins: "Mali's" is "malis"
            } else {
                if value == 0x2019 { continue }  // curly apostrophe
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
        guard words.count >= width else { return [] }
        var prints: [UInt64] = []
        prints.reserveCapacity(words.count - width + 1)
        for start in 0...(words.count - width) {
            var h = offset
            for word in words[start..<start + width] { h = (h ^ word) &* prime &+ 0x9e37_79b9_7f4a_7c15 }
            prints.append(h)
        }
        prints.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(prints.count)
        for value in prints where unique.last != value { unique.append(value) }
        return unique
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
    /// runs of consecutive buckets in parallel, so memory stays small: a run of equal shingles never
    /// crosses buckets, and the counts are those of one sort of everything. `bucketBits` (tests) sets
    /// the bucket count; by default a bucket holds about 256 K values.
    public static func pairs(
        _ prints: [[UInt64]], threshold: Double = threshold, width: Int = Parallel.defaultWidth, bucketBits: Int? = nil
    ) -> [SimilarPair] {
        guard prints.count > 1 else { return [] }
        let articleBits = UInt64(Int.bitWidth - (prints.count - 1).leadingZeroBitCount)
        let articleMask: UInt64 = (1 << articleBits) - 1
        let total = prints.reduce(0) { $0 + $1.count }
        // About 256 K packed values per bucket, at most 2^12 buckets; never bits the article index uses.
        var automatic = 0
        while automatic < 12, total >> (automatic + 18) > 0 { automatic += 1 }
        let bucketBits = min(max(0, bucketBits ?? automatic), 20, 64 - Int(articleBits))
        let shift = UInt64(64 - bucketBits)
        let buckets = 1 << bucketBits
        let chunks = min(buckets, max(1, width) * 4)
        let counts = Parallel.map(Array(0..<chunks), width: width) { chunk -> PairCounts in
            let first = buckets * chunk / chunks, last = buckets * (chunk + 1) / chunks
            var counts = PairCounts()
            guard first < last else { return counts }
            // Each article's position in its shingles: where this chunk's first bucket starts.
            var cursors = [Int](repeating: 0, count: prints.count)
            if first > 0 {
                let lowest = UInt64(first) << shift
                for (article, shingles) in prints.enumerated() {
                    var low = 0, high = shingles.count
                    while low < high {
                        let mid = (low + high) / 2
                        if shingles[mid] < lowest { low = mid + 1 } else { high = mid }
                    }
                    cursors[article] = low
                }
            }
            var packed: [UInt64] = []
            for bucket in first..<last {
                packed.removeAll(keepingCapacity: true)
                let end: UInt64 = bucket + 1 == buckets ? .max : UInt64(bucket + 1) << shift - 1
                for (article, shingles) in prints.enumerated() {
                    var i = cursors[article]
                    while i < shingles.count, shingles[i] <= end {
                        packed.append((shingles[i] & ~articleMask) | UInt64(article))
                        i += 1
                    }
                    cursors[article] = i
                }
                packed.sort()
                counts.count(runsOf: packed, articleMask: articleMask)
            }
            return counts
        }
        var shared = counts[0]
        for other in counts.dropFirst() { shared.add(other) }
        var result: [SimilarPair] = []
        shared.forEach { key, count in
            guard count >= minimumShared else { return }
            let a = Int(key >> 32), b = Int(key & 0xffff_ffff)
            let similarity = Double(count) / Double(min(prints[a].count, prints[b].count))
            if similarity >= threshold { result.append(SimilarPair(first: a, second: b, shared: count, similarity: similarity)) }
        }
        return result.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }
}

/// Shared-shingle counts per article pair (`a << 32 | b`, a < b): an open-addressing hash table of
/// keys and counts, which is smaller and faster than a dictionary for millions of pairs.
struct PairCounts {
    private var keys: [UInt64] = []
    private var values: [Int32] = []
    private(set) var count = 0
    private static let empty = UInt64.max

    /// Counts the pairs of articles in each run of equal shingles of `packed` (sorted).
    mutating func count(runsOf packed: [UInt64], articleMask: UInt64) {
        var start = 0
        while start < packed.count {
            let shingle = packed[start] & ~articleMask
            var end = start + 1
            while end < packed.count, packed[end] & ~articleMask == shingle { end += 1 }
            if end - start > 1, end - start <= Syndication.maximumPostings {
                for x in start..<end {
                    for y in (x + 1)..<end {
                        let a = packed[x] & articleMask, b = packed[y] & articleMask
                        if a != b { add(a << 32 | b, 1) }
                    }
                }
            }
            start = end
        }
    }

    mutating func add(_ key: UInt64, _ amount: Int32) {
        if (count + 1) * 4 > keys.count * 3 { grow() }
        let mask = keys.count - 1
        var slot = Self.slot(key, mask: mask)
        while true {
            let found = keys[slot]
            if found == key {
                values[slot] += amount
                return
            }
            if found == Self.empty {
                keys[slot] = key
                values[slot] = amount
                count += 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    mutating func add(_ other: PairCounts) {
        for slot in other.keys.indices where other.keys[slot] != Self.empty { add(other.keys[slot], other.values[slot]) }
    }

    func forEach(_ body: (UInt64, Int) -> Void) {
        for slot in keys.indices where keys[slot] != Self.empty { body(keys[slot], Int(values[slot])) }
    }

    private static func slot(_ key: UInt64, mask: Int) -> Int {
        var h = key &* 0x9e37_79b9_7f4a_7c15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    private mutating func grow() {
        let old = (keys, values)
        let capacity = max(1024, keys.count * 2)
        keys = [UInt64](repeating: Self.empty, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
        count = 0
        for slot in old.0.indices where old.0[slot] != Self.empty { add(old.0[slot], old.1[slot]) }
    }
}
