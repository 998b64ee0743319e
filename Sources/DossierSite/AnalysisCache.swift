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

    public init() {}

    static let magic = "dossier-analysis-cache 1"

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
        for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
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
        w.end()
    }

    /// Nil for anything but a whole, undamaged file of this format.
    public init?(decoding bytes: [UInt8]) {
        guard var r = CacheReader.payload(of: bytes, magic: Self.magic) else { return nil }
        do {
            let n = try r.count()
            entries.reserveCapacity(n)
            for _ in 0..<n {
                let key = try r.string()
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
            guard r.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}
