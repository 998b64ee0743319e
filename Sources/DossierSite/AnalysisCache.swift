import Crypto
import DossierDiagnostics
import DossierContent
import DossierMarkdown

/// Each article's analysis (`ArticleAnalysis`, without the HTML) from earlier builds, keyed on a
/// SHA-256 of everything the analysis depends on: the body, where the article's page sits (the site
/// root its links are rewritten against), the mention index (every actor's name, aliases, index and
/// page), and the tool and the Markdown options (`salt`). Equal keys give equal analyses, so a hit is
/// used as it is and can never differ from a fresh parse.
///
/// The HTML is not stored (it is as big as the body): an article page's fingerprint names the
/// analysis key instead of the HTML, and the few pages rendered again parse their body again.
/// The plain text is stored only for articles that claims or quotes cite with an excerpt.
public struct AnalysisCache: Sendable {
    public struct Entry: Sendable, Equatable {
        public var mentioned: [Int]
        public var links: [String]
        public var linkPositions: [MarkdownPosition]
        public var shingles: [UInt64]
        /// Nil when it was not kept.
        public var plainText: String?
    }

    /// Analysis key (SHA-256, hex) -> entry.
    public var entries: [String: Entry] = [:]

    /// A pair of similar articles found among `entries`, by analysis key, with its shared shingle count.
    public struct Pair: Sendable, Equatable {
        public var first: String
        public var second: String
        public var shared: Int

        public init(first: String, second: String, shared: Int) {
            self.first = first
            self.second = second
            self.shared = shared
        }
    }

    /// Every pair `Syndication.pairs` finds among exactly the articles of `entries` (with the
    /// default thresholds), so the next build counts only what changed; nil when not known. Written
    /// only when every key it names is an entry, and read only when found with the same thresholds.
    public var pairs: [Pair]?

    public init() {}

    static let magic = "dossier-analysis-cache 2"

    /// The key of one article's analysis. `context` is `AnalysisCache.context(...)`.
    public static func key(body: String, siteRoot: String, context: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(context.utf8))
        hasher.update(data: Array("\u{0}\(siteRoot.utf8.count)\u{0}\(siteRoot)\u{0}".utf8))
        var body = body
        body.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().hexString
    }

    /// What every article's analysis depends on besides its body and site root: the tool, the
    /// Markdown options and the mention index, digested once per build.
    /// `salt` names the tool and the Markdown options.
    public static func context(salt: String, mentions: [(alias: String, target: Int)], paths: [String]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("\(magic)\u{0}\(salt.utf8.count)\u{0}\(salt)\u{0}".utf8))
        // Sorted: the index itself orders aliases independently of their input order.
        let sorted = mentions.sorted { ($0.target, $0.alias) < ($1.target, $1.alias) }
        hasher.update(data: Array("aliases \(sorted.count)\u{0}".utf8))
        for (alias, target) in sorted { hasher.update(data: Array("\(target)\u{0}\(alias.utf8.count)\u{0}\(alias)\u{0}".utf8)) }
        hasher.update(data: Array("paths \(paths.count)\u{0}".utf8))
        for path in paths { hasher.update(data: Array("\(path.utf8.count)\u{0}\(path)\u{0}".utf8)) }
        return hasher.finalize().hexString
    }

    // MARK: - File

    public func encoded() -> [UInt8] {
        var w = CacheWriter(capacity: entries.count * 4096)
        encode(into: &w)
        return w.bytes
    }

    /// Writes the whole file into `w` (which may send it out in pieces).
    public func encode(into w: inout CacheWriter) {
        w.begin(magic: Self.magic)
        w.varint(UInt64(entries.count))
        let sorted = entries.sorted(by: { $0.key < $1.key })
        for (key, entry) in sorted {
            w.string(key)
            w.varint(UInt64(entry.mentioned.count))
            for m in entry.mentioned { w.int(m) }
            w.varint(UInt64(entry.links.count))
            for (link, position) in zip(entry.links, entry.linkPositions) {
                w.string(link)
                w.int(position.line)
                w.int(position.column)
            }
            w.varint(UInt64(entry.shingles.count))
            w.uint64s(entry.shingles)
            w.bool(entry.plainText != nil)
            if let text = entry.plainText { w.string(text) }
            w.flushIfFull()
        }
        // The pairs, by the entries' positions above; none when one names a key that is not an entry.
        var position: [String: Int] = [:]
        position.reserveCapacity(sorted.count)
        for (n, (key, _)) in sorted.enumerated() { position[key] = n }
        let pairs = self.pairs.flatMap { pairs in
            pairs.allSatisfy { position[$0.first] != nil && position[$0.second] != nil && $0.first != $0.second } ? pairs : nil
        }
        w.bool(pairs != nil)
        if let pairs {
            w.uint64s([Syndication.threshold.bitPattern])
            w.int(Syndication.minimumShared)
            w.int(Syndication.maximumPostings)
            w.varint(UInt64(pairs.count))
            for pair in pairs {
                w.varint(UInt64(position[pair.first]!))
                w.varint(UInt64(position[pair.second]!))
                w.varint(UInt64(pair.shared))
            }
        }
        w.end()
    }

    /// Nil for anything but a whole, undamaged file of this format.
    public init?(decoding bytes: [UInt8]) {
        guard var r = CacheReader.payload(of: bytes, magic: Self.magic) else { return nil }
        do {
            let n = try r.count()
            entries.reserveCapacity(n)
            var keys: [String] = []
            keys.reserveCapacity(n)
            for _ in 0..<n {
                let key = try r.string()
                keys.append(key)
                var entry = Entry(mentioned: [], links: [], linkPositions: [], shingles: [], plainText: nil)
                let mentions = try r.count()
                for _ in 0..<mentions { entry.mentioned.append(try r.int()) }
                let links = try r.count()
                for _ in 0..<links {
                    entry.links.append(try r.string())
                    entry.linkPositions.append(MarkdownPosition(line: try r.int(), column: try r.int()))
                }
                entry.shingles = try r.uint64s(try r.count())
                if try r.bool() { entry.plainText = try r.string() }
                entries[key] = entry
            }
            if try r.bool() {
                // Pairs found with other thresholds are of no use (and are not read).
                let threshold = try r.uint64(), minimumShared = try r.int(), maximumPostings = try r.int()
                let sameThresholds =
                    threshold == Syndication.threshold.bitPattern && minimumShared == Syndication.minimumShared
                    && maximumPostings == Syndication.maximumPostings
                let count = try r.count()
                var pairs: [Pair] = []
                pairs.reserveCapacity(count)
                for _ in 0..<count {
                    let first = try r.varint(), second = try r.varint(), shared = try r.varint()
                    guard first < keys.count, second < keys.count, first != second, shared <= UInt32.max else { return nil }
                    pairs.append(Pair(first: keys[Int(first)], second: keys[Int(second)], shared: Int(shared)))
                }
                if sameThresholds { self.pairs = pairs }
            }
            guard r.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}
