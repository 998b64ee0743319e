/// What a link to an incident, actor, source or article page shows that does not depend on the page
/// it is on, made once a build. Each of those pages is linked from many others (an article from its
/// source's, incidents' and actors' pages and the index), and every link formatted its path, dates
/// and place again.
final class LinkParts: Sendable {
    struct Incident: Sendable {
        /// The page's path below the site root (`Routes.page`).
        let path: String
        let date: String?
        let longDate: String?
        /// "name, country", either left out when missing.
        let location: String?
    }

    struct Article: Sendable {
        let path: String
        let published: String?
        let longPublished: String?
        /// The source's name, or the article's own `source` when it names none of the dossier's.
        let sourceName: String
    }

    /// By index in the graph.
    let incidents: [Incident]
    let articles: [Article]
    let actorPaths: [String]
    let sourcePaths: [String]

    init(graph: SiteGraph) {
        incidents = graph.incidents.map { incident in
            Incident(
                path: Routes.page(.incidents, incident.slug), date: incident.frontMatter.date?.description,
                longDate: incident.frontMatter.date?.longDescription,
                location: incident.frontMatter.location.map { [$0.name, $0.country].compactMap { $0 }.joined(separator: ", ") })
        }
        articles = graph.articles.indices.map { r in
            let s = graph.articleSource[r]
            return Article(
                path: Routes.page(.articles, graph.articles[r].slug),
                published: graph.articles[r].frontMatter.published?.description,
                longPublished: graph.articles[r].frontMatter.published?.longDescription,
                sourceName: s >= 0 ? graph.sources[s].frontMatter.name : graph.articles[r].frontMatter.source)
        }
        actorPaths = graph.actors.map { Routes.page(.actors, $0.slug) }
        sourcePaths = graph.sources.map { Routes.page(.sources, $0.slug) }
    }
}
