import Crypto
import DossierDiagnostics
import DossierContent
import DossierMarkdown

/// Each article's analysis (`ArticleAnalysis`, without the HTML) from earlier builds, keyed on a
/// SHA-256 of everything the analysis depends on: the body (through the hash of the article's file,
/// which holds it, when the loader has one), where the article's page sits (the site
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

        /// Holds nothing: what is left in the place of an entry moved out of an array.
        static let empty = Entry(mentioned: [], links: [], linkPositions: [], shingles: [], plainText: nil)
    }

    /// Analysis key (SHA-256, hex) -> entry.
    public var entries: [String: Entry] = [:]

    /// The similar articles of the build that stored these entries, so the next build counts only
    /// what changed (`Syndication.pairs(_:previousIndex:previous:)`); nil when not known.
    public struct Similar: Sendable, Equatable {
        /// That build's articles, in its order, by analysis key. Articles with equal files (or equal
        /// bodies, when keyed on them) have one key (the key names the site root, the same for every
        /// article page), so keys can repeat.
        public var articles: [String]
        /// Its pairs (with the default thresholds), by index in `articles`.
        public var pairs: [Pair]

        public init(articles: [String], pairs: [Pair]) {
            self.articles = articles
            self.pairs = pairs
        }
    }

    public struct Pair: Sendable, Equatable {
        public var first: Int
        public var second: Int
        public var shared: Int

        public init(first: Int, second: Int, shared: Int) {
            self.first = first
            self.second = second
            self.shared = shared
        }
    }

    /// Written only when every article is an entry and every pair names two articles; read only
    /// when found with the same thresholds.
    public var similar: Similar?

    public init() {}

    // 3: the similar-pairs section by article index (2 was an intermediate layout by key).
    static let magic = "dossier-analysis-cache 3"

    /// The key of one article's analysis. `context` is `AnalysisCache.context(...)`.
    public static func key(body: String, siteRoot: String, context: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("\(context)\u{0}\(siteRoot.utf8.count)\u{0}\(siteRoot)\u{0}body\u{0}".utf8))
        body.withUTF8InPlace { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().hexString
    }

    /// The same key, from the SHA-256 (hex) of the article's whole file instead of its body: the
    /// loader hashes each file it reads for the build cache, so the body is not hashed a second
    /// time (docs/performance.md). The file holds the body, so equal digests mean equal bodies; a
    /// changed front matter only makes the article's analysis be done again. The two kinds of key
    /// never equal each other (`body` or `file` is hashed in).
    public static func key(fileDigest: String, siteRoot: String, context: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("\(context)\u{0}\(siteRoot.utf8.count)\u{0}\(siteRoot)\u{0}file\u{0}\(fileDigest)".utf8))
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
        // The similar articles, by the entries' positions above; none when an article is not an
        // entry or a pair does not name two articles.
        var position: [String: Int] = [:]
        position.reserveCapacity(sorted.count)
        for (n, (key, _)) in sorted.enumerated() { position[key] = n }
        let similar = self.similar.flatMap { similar in
            similar.articles.allSatisfy { position[$0] != nil }
                && similar.pairs.allSatisfy {
                    $0.first >= 0 && $0.first < similar.articles.count && $0.second >= 0
                        && $0.second < similar.articles.count && $0.first != $0.second && $0.shared >= 0
                } ? similar : nil
        }
        w.bool(similar != nil)
        if let similar {
            w.uint64s([Syndication.threshold.bitPattern])
            w.int(Syndication.minimumShared)
            w.int(Syndication.maximumPostings)
            w.varint(UInt64(similar.articles.count))
            for key in similar.articles { w.varint(UInt64(position[key]!)) }
            w.varint(UInt64(similar.pairs.count))
            for pair in similar.pairs {
                w.varint(UInt64(pair.first))
                w.varint(UInt64(pair.second))
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
                var similar = Similar(articles: [], pairs: [])
                let articles = try r.count()
                similar.articles.reserveCapacity(articles)
                for _ in 0..<articles {
                    let position = try r.varint()
                    guard position < keys.count else { return nil }
                    similar.articles.append(keys[Int(position)])
                }
                let count = try r.count()
                similar.pairs.reserveCapacity(count)
                for _ in 0..<count {
                    let first = try r.varint(), second = try r.varint(), shared = try r.varint()
                    guard first < articles, second < articles, first != second, shared <= UInt32.max else { return nil }
                    similar.pairs.append(Pair(first: Int(first), second: Int(second), shared: Int(shared)))
                }
                if sameThresholds { self.similar = similar }
            }
            guard r.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}
