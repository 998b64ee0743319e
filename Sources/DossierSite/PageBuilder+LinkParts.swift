/// What a link to an incident, actor, source or article page shows that does not depend on the page
/// it is on, made once a build. Each of those pages is linked from many others (an article from its
/// source's, incidents' and actors' pages and the index), and every link formatted its path, dates
/// and place again.
final class LinkParts: Sendable {
    /// Each page's path below the site root (`Routes.page`), by index in the graph.
    let incidentPaths: [String]
    let actorPaths: [String]
    let sourcePaths: [String]
    let articlePaths: [String]
    let incidentDates: [String?]
    let incidentLongDates: [String?]
    /// "name, country", either left out when missing.
    let incidentLocations: [String?]
    let articlePublished: [String?]
    let articleLongPublished: [String?]
    /// The source's name, or the article's own `source` when it names none of the dossier's.
    let articleSourceNames: [String]

    init(graph: SiteGraph) {
        incidentPaths = graph.incidents.map { Routes.page(.incidents, $0.slug) }
        actorPaths = graph.actors.map { Routes.page(.actors, $0.slug) }
        sourcePaths = graph.sources.map { Routes.page(.sources, $0.slug) }
        articlePaths = graph.articles.map { Routes.page(.articles, $0.slug) }
        incidentDates = graph.incidents.map { $0.frontMatter.date?.description }
        incidentLongDates = graph.incidents.map { $0.frontMatter.date?.longDescription }
        incidentLocations = graph.incidents.map { incident in
            incident.frontMatter.location.map { [$0.name, $0.country].compactMap { $0 }.joined(separator: ", ") }
        }
        articlePublished = graph.articles.map { $0.frontMatter.published?.description }
        articleLongPublished = graph.articles.map { $0.frontMatter.published?.longDescription }
        articleSourceNames = graph.articles.indices.map { r in
            let s = graph.articleSource[r]
            return s >= 0 ? graph.sources[s].frontMatter.name : graph.articles[r].frontMatter.source
        }
    }
}
