import DossierContent
import DossierMarkdown

/// Builds the view model of each planned page from the resolved graph.
public struct PageBuilder: Sendable {
    public let graph: SiteGraph
    public let markdown: any MarkdownRenderer
    public let site: SiteInfo
    let parts: LinkParts

    public init(graph: SiteGraph, markdown: any MarkdownRenderer) {
        self.graph = graph
        self.markdown = markdown
        self.site = SiteInfo(
            title: graph.config.title, description: graph.config.description, language: graph.config.language)
        self.parts = LinkParts(graph: graph)
    }

    // MARK: - Links

    // Links read the fields they need in place: binding `graph.articles[r]` to a constant copied
    // the whole document (a retain per field), which showed in the render profile.
    func incidentLink(_ i: Int, root: String, roles: [ActorRole] = []) -> IncidentLinkView {
        IncidentLinkView(
            title: graph.incidents[i].frontMatter.title, url: root + parts.incidents[i].path,
            date: parts.incidents[i].date, dateLong: parts.incidents[i].longDate, location: parts.incidents[i].location,
            roles: roles.isEmpty ? nil : roles.map(\.rawValue).joined(separator: ", "))
    }

    func articleLink(_ r: Int, root: String) -> ArticleLinkView {
        ArticleLinkView(
            title: graph.articles[r].frontMatter.title, url: root + parts.articles[r].path,
            sourceName: parts.articles[r].sourceName, published: parts.articles[r].published,
            publishedLong: parts.articles[r].longPublished)
    }

    func actorLink(_ a: Int, root: String, note: String? = nil) -> LinkView {
        LinkView(name: graph.actors[a].frontMatter.name, url: root + parts.actorPaths[a], note: note)
    }

    func sourceLink(_ s: Int, root: String) -> LinkView {
        LinkView(name: graph.sources[s].frontMatter.name, url: root + parts.sourcePaths[s])
    }

    func body(_ text: String, root: String) -> String {
        markdown.render(MarkdownInput(text, siteRoot: root)).html
    }

    // MARK: - Pages

    public func home(root: String) -> HomePage {
        HomePage(
            site: site, root: root, title: "Home",
            incidents: graph.incidentOrder.map { incidentLink($0, root: root) },
            incidentCount: graph.incidents.count, actorCount: graph.actors.count,
            sourceCount: graph.sources.count, articleCount: graph.articles.count)
    }

    public func incidentIndex(root: String) -> IncidentIndexPage {
        IncidentIndexPage(
            site: site, root: root, title: "Incidents", incidents: graph.incidentOrder.map { incidentLink($0, root: root) })
    }

    public func actorIndex(root: String) -> LinkIndexPage {
        LinkIndexPage(
            site: site, root: root, title: "Actors",
            links: graph.actors.indices.map { a in
                actorLink(a, root: root, note: graph.actors[a].frontMatter.kind?.rawValue)
            })
    }

    public func sourceIndex(root: String) -> LinkIndexPage {
        LinkIndexPage(
            site: site, root: root, title: "Sources",
            links: graph.sources.indices.map { s in
                var link = sourceLink(s, root: root)
                let count = graph.sourceArticles[s].count
                link.note = count == 1 ? "1 article" : "\(count) articles"
                return link
            })
    }

    public func articleIndex(root: String) -> ArticleIndexPage {
        ArticleIndexPage(
            site: site, root: root, title: "Articles", articles: graph.articleOrder.map { articleLink($0, root: root) })
    }

    public func incident(_ i: Int, root: String) -> IncidentPage {
        let document = graph.incidents[i]
        let fm = document.frontMatter
        var groups: [RoleGroupView] = []
        for (actor, role) in graph.incidentActors[i] {
            let link = actorLink(actor, root: root)
            if groups.last?.role == role.rawValue.capitalized {
                groups[groups.count - 1].actors.append(link)
            } else {
                groups.append(RoleGroupView(role: role.rawValue.capitalized, actors: [link]))
            }
        }
        let articles = graph.incidentArticles[i].map { articleLink($0, root: root) }
        var sourceSet = Set<Int>()
        for r in graph.incidentArticles[i] where graph.articleSource[r] >= 0 { sourceSet.insert(graph.articleSource[r]) }
        let sources = sourceSet.sorted { graph.sources[$0].slug < graph.sources[$1].slug }.map { s in
            var link = sourceLink(s, root: root)
            let count = graph.incidentArticles[i].filter { graph.articleSource[$0] == s }.count
            link.note = count == 1 ? "1 article" : "\(count) articles"
            return link
        }
        let location = fm.location.map { location in
            LocationView(
                name: location.name, country: location.country,
                places: location.places.joined(separator: "; "), hasPlaces: !location.places.isEmpty,
                coordinates: location.coordinates.map { "\($0[0]), \($0[1])" })
        }
        var page = IncidentPage(
            site: site, root: root, title: fm.title, date: fm.date?.description, dateLong: fm.date?.longDescription,
            time: fm.time, timezone: fm.timezone, location: location, type: fm.type,
            roles: groups, hasRoles: !groups.isEmpty, body: body(document.body, root: root),
            articles: articles, hasArticles: !articles.isEmpty, links: sources, hasSources: !sources.isEmpty)
        page.analyst = incidentAnalyst(i, root: root)
        return page
    }

    public func actor(_ a: Int, root: String) -> ActorPage {
        let document = graph.actors[a]
        let fm = document.frontMatter
        let affiliations = graph.actorAffiliations[a].map { actorLink($0, root: root) }
        let affiliates = graph.actorAffiliates[a].map { actorLink($0, root: root) }
        let incidents = graph.actorIncidents[a].map { incidentLink($0.incident, root: root, roles: $0.roles) }
        let articles = graph.actorArticles[a].map { articleLink($0, root: root) }
        let html = body(document.body, root: root)
        var page = ActorPage(
            site: site, root: root, title: fm.name, kind: fm.kind?.rawValue,
            aliases: fm.aliases.joined(separator: "; "), hasAliases: !fm.aliases.isEmpty,
            affiliations: affiliations, hasAffiliations: !affiliations.isEmpty,
            affiliates: affiliates, hasAffiliates: !affiliates.isEmpty,
            body: html, hasBody: !html.isEmpty,
            incidents: incidents, hasIncidents: !incidents.isEmpty, articles: articles, hasArticles: !articles.isEmpty)
        page.analyst = actorAnalyst(a, root: root)
        return page
    }

    public func source(_ s: Int, root: String) -> SourcePage {
        let document = graph.sources[s]
        let fm = document.frontMatter
        let html = body(document.body, root: root)
        let articles = graph.sourceArticles[s].map { articleLink($0, root: root) }
        let incidents = graph.sourceIncidents[s].map { incidentLink($0, root: root) }
        var page = SourcePage(
            site: site, root: root, title: fm.name, url: ExternalURL.safe(fm.url), kind: fm.kind,
            country: fm.country, language: fm.language, body: html, hasBody: !html.isEmpty,
            articles: articles, hasArticles: !articles.isEmpty, incidents: incidents, hasIncidents: !incidents.isEmpty)
        page.analyst = sourceAnalyst(s, root: root)
        return page
    }

    public func article(_ r: Int, root: String) -> ArticlePage {
        article(r, root: root, body: articleBody(r, root: root))
    }

    /// The article's body as HTML. The body was rendered once, with mention links, in the resolve
    /// step; when its analysis came from the build cache, it is rendered here the same way.
    public func articleBody(_ r: Int, root: String) -> String {
        if graph.analyst.articleHTML.indices.contains(r), let stored = graph.analyst.articleHTML[r] { return stored }
        if let mentions = graph.analyst.mentions, graph.analyst.articleKeys.indices.contains(r) {
            return AnalystLayer.articleHTML(graph.articles[r], mentions: mentions, markdown: markdown)
        }
        return body(graph.articles[r].body, root: root)
    }

    /// The article's page with `body` as its body HTML.
    func article(_ r: Int, root: String, body html: String) -> ArticlePage {
        // The front matter's fields are read in place (binding the document or its front matter
        // copied every field, a retain each, of values the render threads share).
        let s = graph.articleSource[r]
        let source =
            s >= 0
            ? sourceLink(s, root: root)
            : LinkView(name: graph.articles[r].frontMatter.source, url: root + Routes.folder(.sources))
        let incidents = graph.articleIncidents[r].map { incidentLink($0, root: root) }
        let actors = graph.articleActors[r].map { actorLink($0, root: root) }
        var page = ArticlePage(
            site: site, root: root, title: graph.articles[r].frontMatter.title, source: source,
            published: parts.articles[r].published, publishedLong: parts.articles[r].longPublished,
            author: graph.articles[r].frontMatter.author, originalURL: ExternalURL.safe(graph.articles[r].frontMatter.url),
            incidents: incidents, hasIncidents: !incidents.isEmpty, actors: actors, hasActors: !actors.isEmpty,
            body: html)
        page.analyst = articleAnalyst(r, root: root)
        return page
    }
}
