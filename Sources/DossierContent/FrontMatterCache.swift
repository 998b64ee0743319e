import DossierDiagnostics

/// Articles' decoded front matter from earlier builds, keyed on the exact YAML text: decoding is a
/// function of the text alone (and of the tool, named in the file's header), so a hit is what
/// decoding would give. Only front matter that decoded without a problem is kept. Every field of
/// `ArticleFrontMatter` is written; a test fails when a field is added there and not here.
public struct FrontMatterCache: Sendable {
    /// Front matter YAML -> its decoded value.
    public var articles: [String: ArticleFrontMatter] = [:]

    public init() {}

    static func magic(tool: String) -> String { "dossier-front-matter-cache 1\u{0}" + tool }

    /// The cache of articles' front matter (YAML text and decoded value).
    public init(_ entries: [(text: String, value: ArticleFrontMatter)]) {
        articles.reserveCapacity(entries.count)
        for (text, value) in entries { articles[text] = value }
    }

    /// The file of `entries`, in their order (a text that repeats is written once), into `w`, which
    /// may send it out in pieces (a writer with a sink). The articles' order is the same from one
    /// build to the next, so the texts need not be sorted.
    public static func encode(_ entries: [(text: String, value: ArticleFrontMatter)], tool: String, into w: inout CacheWriter) {
        w.begin(magic: magic(tool: tool))
        var seen = Set<String>()
        seen.reserveCapacity(entries.count)
        let kept = entries.filter { seen.insert($0.text).inserted }
        w.varint(UInt64(kept.count))
        for (text, value) in kept {
            w.string(text)
            encode(value, into: &w)
            w.flushIfFull()
        }
        w.end()
    }

    /// Nil for anything but a whole, undamaged file of this format written by `tool`.
    public init?(decoding bytes: [UInt8], tool: String) {
        guard var r = CacheReader.payload(of: bytes, magic: Self.magic(tool: tool)) else { return nil }
        do {
            let n = try r.count()
            articles.reserveCapacity(n)
            for _ in 0..<n {
                let text = try r.string()
                articles[text] = try Self.decode(&r)
            }
            guard r.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }

    private static func encode(_ fm: ArticleFrontMatter, into w: inout CacheWriter) {
        func optional(_ text: String?) {
            w.bool(text != nil)
            if let text { w.string(text) }
        }
        func date(_ date: DayDate?) {
            w.bool(date != nil)
            if let date {
                w.int(date.year)
                w.int(date.month)
                w.int(date.day)
            }
        }
        w.string(fm.title)
        w.string(fm.source)
        date(fm.published)
        optional(fm.url)
        optional(fm.author)
        w.varint(UInt64(fm.incidents.count))
        for slug in fm.incidents { w.string(slug) }
        w.varint(UInt64(fm.actors.count))
        for slug in fm.actors { w.string(slug) }
        date(fm.retrieved)
        optional(fm.archive)
        optional(fm.sha256)
    }

    private static func decode(_ r: inout CacheReader) throws -> ArticleFrontMatter {
        func optional() throws -> String? { try r.bool() ? try r.string() : nil }
        func date() throws -> DayDate? {
            guard try r.bool() else { return nil }
            guard let date = DayDate(year: try r.int(), month: try r.int(), day: try r.int()) else {
                throw CacheDecodingError.malformed
            }
            return date
        }
        let title = try r.string(), source = try r.string(), published = try date()
        let url = try optional(), author = try optional()
        var incidents: [String] = [], actors: [String] = []
        for _ in 0..<(try r.count()) { incidents.append(try r.string()) }
        for _ in 0..<(try r.count()) { actors.append(try r.string()) }
        let retrieved = try date(), archive = try optional(), sha256 = try optional()
        return ArticleFrontMatter(
            title: title, source: source, published: published, url: url, author: author, incidents: incidents,
            actors: actors, retrieved: retrieved, archive: archive, sha256: sha256)
    }
}
