/// The property names the view models give templates, for `TemplateKeyCheck`.
public enum ViewModelKeys {
    /// Every property of the types in `ViewModels.swift`. A test checks that the built-in templates use
    /// no other name and that this list matches what reflection finds, so adding a view-model property
    /// means adding its name here.
    public static let declared: Set<String> = [
        // SiteInfo
        "site", "title", "description", "language",
        // LinkView, ArticleLinkView, IncidentLinkView
        "name", "url", "note", "sourceName", "published", "publishedLong", "date", "dateLong", "location", "roles",
        // LocationView, RoleGroupView
        "country", "places", "hasPlaces", "coordinates", "role", "actors",
        // HomePage and index pages
        "root", "incidents", "incidentCount", "actorCount", "sourceCount", "articleCount", "links", "articles",
        // IncidentPage
        "time", "timezone", "type", "hasRoles", "body", "hasArticles", "hasSources",
        // ActorPage
        "kind", "aliases", "hasAliases", "affiliations", "hasAffiliations", "affiliates", "hasAffiliates", "hasBody",
        "hasIncidents",
        // ArticlePage
        "source", "author", "originalURL", "hasActors",
        // The analyst's layer (AnalystViews.swift), under each page's `analyst`
        "analyst", "anonymous", "archiveURL", "claimCount", "claimDate", "claimDateLong", "claimID", "claimIncident",
        "claimant", "claimantName", "claimantURL", "claims", "claimsHeading", "contested", "contestedNote", "copies",
        "datetime", "excerpt", "figure", "figureRange", "figureSummary", "happened", "hasClaims", "hasContested",
        "hasHappened", "hasPanels", "hasQuotes", "hasReportedOrClaimed", "hasSimilar", "hasSyndicated",
        "hasTimeline", "label", "outlet", "panels", "percent", "precision", "provenance", "provenancePublished",
        "provenanceURL", "quoteDate", "quoteDateLong", "quoteIncident", "quoteText", "quotes", "quotesHeading",
        "relation", "reportSource", "reportTitle", "reportURL", "reportedOrClaimed", "reports", "retrieved",
        "retrievedLong", "rows", "sha", "sha256", "similar", "similarSource", "similarTitle", "similarURL", "sources", "span",
        "speaker", "statement", "syndicated", "syndicatedTitle", "syndicatedURL", "text", "when",
    ]

    /// Property names found by reflection on view-model values, following optionals, arrays and nested
    /// structs. Arrays contribute at most `sample` elements each.
    public static func reflected(from values: [Any], sample: Int = 20) -> Set<String> {
        var names = Set<String>()
        func visit(_ value: Any, depth: Int) {
            guard depth < 12 else { return }
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional, .collection, .set:
                for child in mirror.children.prefix(sample) { visit(child.value, depth: depth + 1) }
            case .struct, .class:
                for child in mirror.children {
                    if let label = child.label { names.insert(label) }
                    visit(child.value, depth: depth + 1)
                }
            default:
                return
            }
        }
        for value in values { visit(value, depth: 0) }
        return names
    }

    /// The declared names and those of one page of each kind in `plan`.
    public static func names(builder: PageBuilder, plan: PagePlan) -> Set<String> {
        var samples: [Any] = []
        var seen = Set<String>()
        for page in plan.pages {
            guard seen.insert(page.templateName).inserted else { continue }
            samples.append(builder.viewModel(for: page))
        }
        return declared.union(reflected(from: samples))
    }
}

extension PageBuilder {
    /// The view model of a planned page.
    public func viewModel(for page: PlannedPage) -> any PageModel {
        let root = page.siteRoot
        switch page.kind {
        case .home: return home(root: root)
        case .index(.incidents): return incidentIndex(root: root)
        case .index(.actors): return actorIndex(root: root)
        case .index(.sources): return sourceIndex(root: root)
        case .index(.articles): return articleIndex(root: root)
        case .incident(let i): return incident(i, root: root)
        case .actor(let a): return actor(a, root: root)
        case .source(let s): return source(s, root: root)
        case .article(let r): return article(r, root: root)
        }
    }
}

extension PlannedPage {
    /// The template that renders this page.
    public var templateName: String {
        switch kind {
        case .home: return "home"
        case .index(let kind): return kind.rawValue
        case .incident: return "incident"
        case .actor: return "actor"
        case .source: return "source"
        case .article: return "article"
        }
    }
}
