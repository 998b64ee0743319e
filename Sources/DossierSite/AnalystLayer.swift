import DossierConfig
import DossierContent
import DossierDiagnostics
import DossierMarkdown

/// Where a claim, quote or timeline entry was reported: an article and the excerpt it uses.
public struct ResolvedReport: Sendable, Equatable {
    public var article: Int
    public var excerpt: String?
}

public struct ResolvedClaim: Sendable {
    public var claim: Claim
    /// The claimant's actor index; nil for anonymous claimants and unknown slugs (already reported).
    public var claimant: Int?
    public var reports: [ResolvedReport]
    /// Figure key -> the claims (indices in the incident) this one contradicts.
    public var conflicts: [String: [Int]]
}

public struct ResolvedQuote: Sendable {
    public var speaker: Int?
    public var speakerSlug: String
    public var text: String
    public var date: DayDate?
    /// Every article relaying the quote, with its own spelling. Quotes that differ only in spelling are merged.
    public var reports: [ResolvedReport]
}

public struct ResolvedTimelineEntry: Sendable {
    public var entry: TimelineEntry
    public var sources: [Int]
}

/// A claim or quote of an incident: `(incident, index)`.
public struct ItemRef: Sendable, Hashable, Comparable {
    public var incident: Int
    public var index: Int
    public static func < (l: ItemRef, r: ItemRef) -> Bool { (l.incident, l.index) < (r.incident, r.index) }
}

/// What one parse of an article body yields.
public struct ArticleAnalysis: Sendable {
    /// The body as HTML, with mention links, rendered for the article's own page; nil when the
    /// analysis came from the cache (`AnalystLayer.articleHTML` renders it when needed).
    public var html: String?
    /// Actors named in the text, in order of first mention.
    public var mentioned: [Int]
    /// The whitespace-collapsed text, for excerpt checks.
    public var plainText: String
    /// Link and image destinations after rewriting (relative to the article page), for link checks.
    public var links: [String]
    /// Where each of `links` starts in the body, for positioned link errors.
    public var linkPositions: [MarkdownPosition] = []
    public var shingles: [UInt64]

    /// Holds nothing: what is left in the place of an analysis moved out of an array.
    static let empty = ArticleAnalysis(html: nil, mentioned: [], plainText: "", links: [], shingles: [])
}

/// The analyst's layer of the graph: claims, quotes, timeline, similar articles and provenance.
public struct AnalystGraph: Sendable {
    /// Article -> its body's HTML; nil for an article whose analysis came from the cache.
    public var articleHTML: [String?] = []
    /// Article -> the key of its analysis (see `AnalysisCache`), when the build cache is in use.
    /// Page fingerprints name it instead of the HTML.
    public var articleKeys: [String?] = []
    /// The index the bodies were rendered with, to render a body left out of `articleHTML`.
    public var mentions: MentionIndex?
    /// Every article's analysis, to store for the next build (when the build cache is in use and
    /// it differs from the stored one).
    public var analysisCache: AnalysisCache?
    /// How many articles were parsed (the rest came from the cache).
    public var parsedArticles = 0
    /// Article -> its body's link destinations (relative to its page) and their positions in the body,
    /// so the link check needs no second parse of every article.
    public var articleLinks: [[(href: String, position: MarkdownPosition)]] = []
    public var incidentClaims: [[ResolvedClaim]] = []
    public var incidentSpans: [[FigureSpan]] = []
    public var incidentQuotes: [[ResolvedQuote]] = []
    public var incidentTimeline: [[ResolvedTimelineEntry]] = []
    public var articleClaims: [[ItemRef]] = []
    public var articleQuotes: [[ItemRef]] = []
    public var actorClaims: [[ItemRef]] = []
    public var actorQuotes: [[ItemRef]] = []
    public var sourceClaims: [[ItemRef]] = []
    /// Article -> articles sharing much of its text, with the share in percent.
    public var articleSimilar: [[(article: Int, pair: SimilarPair)]] = []
    /// Article -> the path of its verified archived original in the output, set by the archive check.
    public var archives: [String?] = []

    public init() {}
}

/// The resolve step of the analyst's layer: one Markdown parse per article (HTML with mention links,
/// plain text, shingles), then every reference of claims, quotes and timeline checked.
public enum AnalystLayer {
    /// The site root as seen from an article page.
    static func articleRoot(_ slug: String) -> String {
        PlannedPage(path: Routes.page(.articles, slug) + "index.html", kind: .home).siteRoot
    }

    public static func mentionAliases(_ actors: [ActorDocument]) -> [(alias: String, target: Int)] {
        var aliases: [(alias: String, target: Int)] = []
        for (a, actor) in actors.enumerated() {
            for alias in Set(actor.frontMatter.aliases + [actor.frontMatter.name]) where !alias.isEmpty {
                aliases.append((alias, a))
            }
        }
        return aliases
    }

    public static func mentionIndex(_ actors: [ActorDocument]) -> MentionIndex {
        MentionIndex(aliases: mentionAliases(actors), paths: actors.map { Routes.page(.actors, $0.slug) })
    }

    static func markdownInput(
        _ article: ArticleDocument, mentions: MentionIndex, keepText: Bool, hashWords: Bool
    ) -> MarkdownInput {
        MarkdownInput(
            article.body, siteRoot: articleRoot(article.slug), mentions: mentions, plainText: keepText,
            wordHashes: hashWords)
    }

    /// An article body's HTML, with mention links: the same as its analysis has.
    public static func articleHTML(_ article: ArticleDocument, mentions: MentionIndex, markdown: any MarkdownRenderer) -> String {
        markdown.render(markdownInput(article, mentions: mentions, keepText: false, hashWords: false)).html
    }

    /// `keepingTextOf`: the articles whose plain text is kept (the others' is left empty, to save
    /// memory); nil keeps every one.
    public static func analyse(
        _ articles: [ArticleDocument], mentions: MentionIndex, markdown: any MarkdownRenderer,
        width: Int = Parallel.defaultWidth, keepingTextOf kept: Set<Int>? = nil
    ) -> [ArticleAnalysis] {
        Parallel.map(Array(articles.indices), width: width) { r in
            analyse(articles[r], mentions: mentions, markdown: markdown, keepText: kept?.contains(r) ?? true)
        }
    }

    /// `keepText` false: the analysis's plain text is left empty (the shingles are made without it).
    static func analyse(
        _ article: ArticleDocument, mentions: MentionIndex, markdown: any MarkdownRenderer, keepText: Bool = true
    ) -> ArticleAnalysis {
        let rendered = markdown.render(markdownInput(article, mentions: mentions, keepText: keepText, hashWords: true))
        return ArticleAnalysis(
            html: rendered.html, mentioned: rendered.mentioned, plainText: rendered.plainText, links: rendered.links,
            linkPositions: rendered.linkPositions, shingles: Shingles.fingerprints(wordHashes: rendered.wordHashes))
    }

    /// The articles whose plain text the excerpt checks read.
    static func articlesCitedWithExcerpts(_ graph: SiteGraph) -> Set<Int> {
        var cited = Set<Int>()
        // The fields are read in place: binding each incident copied the whole document (a retain
        // per field), on one thread.
        for i in graph.incidents.indices {
            for c in graph.incidents[i].frontMatter.claims.indices {
                for item in graph.incidents[i].frontMatter.claims[c].reportedIn where item.excerpt != nil {
                    if let r = graph.articleIndex[item.article] { cited.insert(r) }
                }
            }
            for q in graph.incidents[i].frontMatter.quotes.indices {
                for item in graph.incidents[i].frontMatter.quotes[q].reportedIn where item.excerpt != nil {
                    if let r = graph.articleIndex[item.article] { cited.insert(r) }
                }
            }
        }
        return cited
    }

    /// Analyses every article, taking from `cache` each analysis whose key it holds. Returns the
    /// analyses and the cache to store for the next build (this build's articles only).
    /// `fileDigests`: the SHA-256 of each content file as the loader read it (by path); an article
    /// with one is keyed on it (`AnalysisCache.key(fileDigest:...)`), one without on its body.
    static func analyse(
        _ graph: SiteGraph, mentions: MentionIndex, markdown: any MarkdownRenderer, width: Int,
        cache: AnalysisCache, context: String, fileDigests: [String: ContentFileDigest] = [:]
    ) -> (analyses: [ArticleAnalysis], keys: [String], next: AnalysisCache, parsed: Int) {
        let cited = articlesCitedWithExcerpts(graph)
        var results = Parallel.map(Array(graph.articles.indices), width: width) {
            r -> (ArticleAnalysis, String, AnalysisCache.Entry, Bool) in
            // The fields are read in place: binding the article copied the whole document.
            let siteRoot = articleRoot(graph.articles[r].slug)
            let key =
                fileDigests[graph.articles[r].path].map {
                    AnalysisCache.key(fileDigest: $0.digest, siteRoot: siteRoot, context: context)
                } ?? AnalysisCache.key(body: graph.articles[r].body, siteRoot: siteRoot, context: context)
            let needsText = cited.contains(r)
            if let entry = cache.entries[key], !needsText || entry.plainText != nil {
                let analysis = ArticleAnalysis(
                    html: nil, mentioned: entry.mentioned, plainText: entry.plainText ?? "", links: entry.links,
                    linkPositions: entry.linkPositions, shingles: entry.shingles)
                return (analysis, key, entry, false)
            }
            // Only the excerpt checks read the plain text: not built for the rest (memory at 100k).
            let analysis = analyse(graph.articles[r], mentions: mentions, markdown: markdown, keepText: needsText)
            let entry = AnalysisCache.Entry(
                mentioned: analysis.mentioned, links: analysis.links, linkPositions: analysis.linkPositions,
                shingles: analysis.shingles, plainText: needsText ? analysis.plainText : nil)
            return (analysis, key, entry, true)
        }
        // Moved out of `results`, not copied: copying retained every field of every analysis and
        // entry, and letting `results` go released them again, on one thread.
        var analyses: [ArticleAnalysis] = []
        var keys: [String] = []
        var next = AnalysisCache()
        var parsed = 0
        analyses.reserveCapacity(results.count)
        keys.reserveCapacity(results.count)
        next.entries.reserveCapacity(results.count)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for i in buffer.indices {
                let (analysis, key, entry, fresh) = (base + i).move()
                (base + i).initialize(to: (ArticleAnalysis.empty, "", AnalysisCache.Entry.empty, false))
                next.entries[key] = entry
                analyses.append(analysis)
                keys.append(key)
                if fresh { parsed += 1 }
            }
        }
        return (analyses, keys, next, parsed)
    }

    /// The similar pairs of this build's articles (`keys`: their analysis keys), counted from the
    /// previous build's (`previous.similar`, stored with the entries of that build's articles) when
    /// it stored them; else counted anew (and also when too much changed).
    /// Also says whether it was counted from the previous build's pairs (for tests).
    static func similarPairs(
        _ prints: [[UInt64]], keys: [String], previous: AnalysisCache?, width: Int
    ) -> (pairs: [SimilarPair], incremental: Bool) {
        func full() -> (pairs: [SimilarPair], incremental: Bool) { (Syndication.pairs(prints, width: width), false) }
        guard let previous, let stored = previous.similar else { return full() }
        // Each article takes a previous article with its key: equal keys, equal shingles (articles
        // with equal keys have equal bodies, and are interchangeable). The previous articles left over are gone.
        var previousWithKey: [String: [Int]] = [:]
        previousWithKey.reserveCapacity(stored.articles.count)
        for (p, key) in stored.articles.enumerated().reversed() { previousWithKey[key, default: []].append(p) }
        let previousIndex = keys.map { previousWithKey[$0]?.popLast() }
        var gone: [[UInt64]] = []
        for indices in previousWithKey.values {
            for p in indices {
                guard let entry = previous.entries[stored.articles[p]] else { return full() }
                gone.append(entry.shingles)
            }
        }
        let pairs = stored.pairs.map { SimilarPair(first: $0.first, second: $0.second, shared: $0.shared, similarity: 0) }
        return Syndication.pairs(
            prints, previousIndex: previousIndex,
            previous: Syndication.Previous(count: stored.articles.count, pairs: pairs, gone: gone), width: width)
    }

    /// Adds the analyst's layer to `graph` and returns the problems found.
    /// With `cache` (the previous build's analyses) and `salt` (the tool and the Markdown options),
    /// reuses the analysis of every article whose key is in the cache, and sets `analysisCache`.
    /// `fileDigests`: as `analyse(_:mentions:markdown:width:cache:context:fileDigests:)` takes them.
    public static func resolve(
        _ graph: inout SiteGraph, markdown: any MarkdownRenderer, width: Int = Parallel.defaultWidth,
        cache: AnalysisCache? = nil, salt: String? = nil, fileDigests: [String: ContentFileDigest] = [:]
    ) -> Diagnostics {
        var diagnostics = Diagnostics()
        let aliases = mentionAliases(graph.actors)
        let paths = graph.actors.map { Routes.page(.actors, $0.slug) }
        let mentions = MentionIndex(aliases: aliases, paths: paths)
        var layer = AnalystGraph()
        let analyses: [ArticleAnalysis]
        // With the build cache: this build's analysis keys and the cache to store (its similar pairs
        // are added below).
        var cached: (keys: [String], next: AnalysisCache, parsed: Int)?
        if let salt {
            let context = AnalysisCache.context(salt: salt, mentions: aliases, paths: paths)
            let result = analyse(
                graph, mentions: mentions, markdown: markdown, width: width, cache: cache ?? AnalysisCache(), context: context,
                fileDigests: fileDigests)
            analyses = result.analyses
            layer.articleKeys = result.keys
            layer.parsedArticles = result.parsed
            cached = (result.keys, result.next, result.parsed)
        } else {
            analyses = analyse(
                graph.articles, mentions: mentions, markdown: markdown, width: width,
                keepingTextOf: articlesCitedWithExcerpts(graph))
            layer.parsedArticles = analyses.count
        }
        layer.mentions = mentions
        layer.articleHTML = analyses.map(\.html)
        // An article whose HTML is kept needs its Markdown no more: let it go before the syndication
        // search allocates its tables (at 100,000 articles the bodies are most of a gigabyte).
        for r in graph.articles.indices where layer.articleHTML[r] != nil {
            graph.articles[r].body = ""
        }
        // An array per article, made on every thread: on one, this was a tenth of the step's serial part.
        layer.articleLinks = Parallel.map(Array(analyses.indices), width: width) { r in
            zip(analyses[r].links, analyses[r].linkPositions).map { (href: $0, position: $1) }
        }
        layer.archives = [String?](repeating: nil, count: graph.articles.count)
        for r in analyses.indices { graph.articleActors[r].append(contentsOf: analyses[r].mentioned) }
        graph.deriveReverseLinks()

        layer.articleClaims = [[ItemRef]](repeating: [], count: graph.articles.count)
        layer.articleQuotes = layer.articleClaims
        layer.actorClaims = [[ItemRef]](repeating: [], count: graph.actors.count)
        layer.actorQuotes = layer.actorClaims
        layer.sourceClaims = [[ItemRef]](repeating: [], count: graph.sources.count)

        do {
            // One checker for every incident: making one for each copied the whole graph (a retain per
            // field) a thousand times over, on one thread. It goes (end of `do`) before the graph is
            // changed again, which would otherwise copy what the two share.
            var checker = ReferenceChecker(graph: graph, analyses: analyses)
            for i in graph.incidents.indices {
                let incident = graph.incidents[i]
                checker.document = incident
                checker.diagnostics = Diagnostics()
                let fm = incident.frontMatter
                // Claims.
                var seenIDs: [String: Int] = [:]
                var claims: [ResolvedClaim] = []
                let conflicts = Contested.conflicts(fm.claims)
                for (c, claim) in fm.claims.enumerated() {
                    if seenIDs[claim.id] != nil {
                        checker.diagnostics.error(
                            incident.location("claims", .index(c), "id"), "duplicate claim id '\(claim.id)'")
                    }
                    seenIDs[claim.id] = c
                    var claimant: Int?
                    if case .actor(let slug) = claim.claimant {
                        claimant = checker.actor(slug, at: ["claims", .index(c), "claimant"])
                    }
                    let reports = checker.reports(claim.reportedIn, at: ["claims", .index(c)])
                    let ref = ItemRef(incident: i, index: c)
                    if let claimant { layer.actorClaims[claimant].append(ref) }
                    for report in reports { layer.articleClaims[report.article].append(ref) }
                    for s in Set(reports.map { graph.articleSource[$0.article] }) where s >= 0 { layer.sourceClaims[s].append(ref) }
                    claims.append(ResolvedClaim(claim: claim, claimant: claimant, reports: reports, conflicts: conflicts[c]))
                }
                layer.incidentClaims.append(claims)
                layer.incidentSpans.append(Contested.spans(fm.claims))

                // Quotes, merged when they differ only in spelling.
                var quotes: [ResolvedQuote] = []
                var quoteKeys: [String: Int] = [:]
                for (q, quote) in fm.quotes.enumerated() {
                    let speaker = checker.actor(quote.speaker, at: ["quotes", .index(q), "speaker"])
                    let reports = checker.reports(quote.reportedIn, at: ["quotes", .index(q)])
                    let key = quote.speaker + "\u{0}" + Quote.matchKey(quote.text)
                    if let existing = quoteKeys[key] {
                        quotes[existing].reports.append(contentsOf: reports)
                        quotes[existing].date = quotes[existing].date ?? quote.date
                    } else {
                        quoteKeys[key] = quotes.count
                        quotes.append(
                            ResolvedQuote(speaker: speaker, speakerSlug: quote.speaker, text: quote.text, date: quote.date, reports: reports))
                    }
                }
                for (q, quote) in quotes.enumerated() {
                    let ref = ItemRef(incident: i, index: q)
                    if let speaker = quote.speaker { layer.actorQuotes[speaker].append(ref) }
                    for article in Set(quote.reports.map(\.article)) { layer.articleQuotes[article].append(ref) }
                }
                layer.incidentQuotes.append(quotes)

                // Timeline, in time order (stable for equal times).
                var timeline: [ResolvedTimelineEntry] = []
                for (t, entry) in fm.timeline.enumerated() {
                    let sources = entry.sources.enumerated().compactMap { n, slug in
                        checker.article(slug, at: ["timeline", .index(t), "sources", .index(n)])
                    }
                    timeline.append(ResolvedTimelineEntry(entry: entry, sources: sources))
                }
                layer.incidentTimeline.append(
                    timeline.enumerated().sorted { ($0.element.entry.at, $0.offset) < ($1.element.entry.at, $1.offset) }.map(\.element))
                diagnostics.append(contentsOf: checker.diagnostics)
            }
        }
        layer.articleClaims = layer.articleClaims.map { $0.sorted() }
        layer.articleQuotes = layer.articleQuotes.map { $0.sorted() }
        layer.actorClaims = layer.actorClaims.map { $0.sorted() }
        layer.actorQuotes = layer.actorQuotes.map { $0.sorted() }
        layer.sourceClaims = layer.sourceClaims.map { Array(Set($0)).sorted() }

        // Similar articles: after the bodies are let go (above), as the search allocates its tables.
        let similar: [SimilarPair]
        if var cached {
            similar = similarPairs(analyses.map(\.shingles), keys: cached.keys, previous: cache, width: width).pairs
            // Stored with the entries: this build's articles (the entries) and their pairs.
            cached.next.similar = AnalysisCache.Similar(
                articles: cached.keys,
                pairs: similar.map { AnalysisCache.Pair(first: $0.first, second: $0.second, shared: $0.shared) })
            // Stored again only when it changed: no article was parsed and none is gone means the same
            // entries; the same articles in the same order, the same pairs.
            let unchanged =
                cached.parsed == 0 && cached.next.entries.count == (cache?.entries.count ?? 0)
                && cache?.similar?.articles == cached.keys
            layer.analysisCache = unchanged ? nil : cached.next
        } else {
            similar = Syndication.pairs(analyses.map(\.shingles), width: width)
        }
        layer.articleSimilar = [[(article: Int, pair: SimilarPair)]](repeating: [], count: graph.articles.count)
        for pair in similar {
            layer.articleSimilar[pair.first].append((pair.second, pair))
            layer.articleSimilar[pair.second].append((pair.first, pair))
        }
        // Most similar first; ties by slug.
        layer.articleSimilar = layer.articleSimilar.map {
            $0.sorted {
                ($1.pair.similarity, graph.articles[$0.article].slug) < ($0.pair.similarity, graph.articles[$1.article].slug)
            }
        }
        graph.analyst = layer
        return diagnostics
    }
}

/// Checks the references of one incident's claims, quotes and timeline, collecting every problem.
struct ReferenceChecker {
    let graph: SiteGraph
    let analyses: [ArticleAnalysis]
    /// The incident being checked; nil before the first.
    var document: IncidentDocument?
    var diagnostics = Diagnostics()

    init(graph: SiteGraph, analyses: [ArticleAnalysis]) {
        self.graph = graph
        self.analyses = analyses
    }

    private func location(_ path: [YAMLPathComponent]) -> SourceLocation {
        document?.location(of: path) ?? SourceLocation(path: "")
    }

    mutating func actor(_ slug: String, at path: [YAMLPathComponent]) -> Int? {
        if let a = graph.actorIndex[slug] { return a }
        diagnostics.error(location(path), "unknown actor '\(slug)'" + Suggestion.hint(for: slug, in: graph.actorIndex.keys))
        return nil
    }

    mutating func article(_ slug: String, at path: [YAMLPathComponent]) -> Int? {
        if let r = graph.articleIndex[slug] { return r }
        diagnostics.error(
            location(path), "unknown article '\(slug)'" + Suggestion.hint(for: slug, in: graph.articleIndex.keys))
        return nil
    }

    /// Resolves `reported_in` and checks that each excerpt occurs in its article's text.
    mutating func reports(_ items: [ReportedIn], at path: [YAMLPathComponent]) -> [ResolvedReport] {
        var result: [ResolvedReport] = []
        for (n, item) in items.enumerated() {
            guard let r = article(item.article, at: path + ["reported_in", .index(n), "article"]) else { continue }
            if let excerpt = item.excerpt {
                let wanted = collapseWhitespace(excerpt)
                if wanted.isEmpty || !analyses[r].plainText.contains(wanted) {
                    diagnostics.error(
                        location(path + ["reported_in", .index(n), "excerpt"]),
                        "excerpt not found in the text of article '\(item.article)' (\(graph.articles[r].path))")
                }
            }
            result.append(ResolvedReport(article: r, excerpt: item.excerpt))
        }
        return result
    }
}
