import DossierConfig
import DossierContent
import DossierDiagnostics

/// Step 2 of the pipeline: resolve every reference between documents, report the ones
/// that point nowhere, and build the relationships in both directions.
public enum GraphResolver {
    public static func resolve(_ content: LoadedContent) -> (graph: SiteGraph, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        // The documents are read in place, here and below: binding each one (`enumerated()`, `map`)
        // copied it whole, a retain and a release per field, on one thread.
        func index<T>(_ documents: [Document<T>]) -> [String: Int] {
            var table: [String: Int] = [:]
            table.reserveCapacity(documents.count)
            for i in documents.indices where table[documents[i].slug] == nil { table[documents[i].slug] = i }
            return table
        }
        let incidentIndex = index(content.incidents)
        let actorIndex = index(content.actors)
        let sourceIndex = index(content.sources)
        let articleIndex = index(content.articles)

        func reference(
            _ slug: String, in table: [String: Int], kind: ContentKind, at location: @autoclosure () -> SourceLocation
        ) -> Int? {
            if let found = table[slug] { return found }
            if content.unloaded.contains("\(kind.rawValue)/\(slug)") { return nil }  // its own errors say why
            diagnostics.error(
                location(),
                "unknown \(kind.singular) '\(slug)'" + Suggestion.hint(for: slug, in: table.keys))
            return nil
        }

        // Incident -> actors.
        var incidentActors = [[(actor: Int, role: ActorRole)]](repeating: [], count: content.incidents.count)
        var actorIncidentRoles = [[Int: Set<ActorRole>]](repeating: [:], count: content.actors.count)
        for (i, incident) in content.incidents.enumerated() {
            for (n, participation) in incident.frontMatter.actors.enumerated() {
                guard
                    let a = reference(
                        participation.actor, in: actorIndex, kind: .actors,
                        at: incident.location("actors", .index(n), "actor"))
                else { continue }
                incidentActors[i].append((a, participation.role))
                actorIncidentRoles[a][i, default: []].insert(participation.role)
            }
            incidentActors[i].sort { ($0.role, content.actors[$0.actor].slug) < ($1.role, content.actors[$1.actor].slug) }
        }

        // Article -> source, incidents, actors.
        var articleSource = [Int](repeating: -1, count: content.articles.count)
        var articleIncidents = [[Int]](repeating: [], count: content.articles.count)
        var articleActors = [[Int]](repeating: [], count: content.articles.count)
        for r in content.articles.indices {
            if let s = reference(
                content.articles[r].frontMatter.source, in: sourceIndex, kind: .sources,
                at: content.articles[r].location("source"))
            {
                articleSource[r] = s
            }
            for (n, slug) in content.articles[r].frontMatter.incidents.enumerated() {
                if let i = reference(
                    slug, in: incidentIndex, kind: .incidents, at: content.articles[r].location("incidents", .index(n)))
                {
                    articleIncidents[r].append(i)
                }
            }
            for (n, slug) in content.articles[r].frontMatter.actors.enumerated() {
                if let a = reference(slug, in: actorIndex, kind: .actors, at: content.articles[r].location("actors", .index(n))) {
                    articleActors[r].append(a)
                }
            }
        }

        // Actor -> affiliations.
        var actorAffiliations = [[Int]](repeating: [], count: content.actors.count)
        var actorAffiliates = [[Int]](repeating: [], count: content.actors.count)
        for (a, actor) in content.actors.enumerated() {
            for (n, slug) in actor.frontMatter.affiliations.enumerated() {
                guard let b = reference(slug, in: actorIndex, kind: .actors, at: actor.location("affiliations", .index(n)))
                else { continue }
                if b == a {
                    diagnostics.error(actor.location("affiliations", .index(n)), "an actor cannot be affiliated with itself")
                    continue
                }
                actorAffiliations[a].append(b)
                actorAffiliates[b].append(a)
            }
        }

        var graph = SiteGraph(
            config: content.config,
            incidents: content.incidents, actors: content.actors, sources: content.sources, articles: content.articles,
            incidentIndex: incidentIndex, actorIndex: actorIndex, sourceIndex: sourceIndex, articleIndex: articleIndex,
            incidentActors: incidentActors,
            incidentArticles: [], articleSource: articleSource, articleIncidents: articleIncidents,
            articleActors: articleActors,
            actorIncidents: [], actorArticles: [],
            actorAffiliations: actorAffiliations, actorAffiliates: actorAffiliates,
            sourceArticles: [], sourceIncidents: [],
            incidentOrder: DisplayOrder.byDateThenSlug(content.incidents.map { ($0.frontMatter.date, $0.slug) }),
            articleOrder: DisplayOrder.byDateThenSlug(content.articles.map { ($0.frontMatter.published, $0.slug) }))
        graph.actorIncidents = actorIncidentRoles.map { roles in
            roles.keys.map { (incident: $0, roles: roles[$0]!.sorted()) }
        }
        graph.deriveReverseLinks()
        return (graph, diagnostics)
    }
}

extension SiteGraph {
    /// Fills every reverse relationship from the forward ones and puts every list in display order.
    /// Call again after adding forward links (for example actors found by mention).
    public mutating func deriveReverseLinks() {
        var incidentRank = [Int](repeating: 0, count: incidents.count)
        for (position, incident) in incidentOrder.enumerated() { incidentRank[incident] = position }
        // Actors in slug order, ranked once: sorting every article's actors compared their slugs
        // (slugs are unique, so the order is the same).
        var actorRank = [Int](repeating: 0, count: actors.count)
        for (position, actor) in actors.indices.sorted(by: { actors[$0].slug < actors[$1].slug }).enumerated() {
            actorRank[actor] = position
        }
        /// `indices` without repeats, in `rank` order.
        func distinct(_ indices: [Int], by rank: [Int]) -> [Int] {
            var result = indices.sorted { rank[$0] < rank[$1] }
            var kept = 0
            for i in result.indices where kept == 0 || result[i] != result[kept - 1] {
                result[kept] = result[i]
                kept += 1
            }
            result.removeLast(result.count - kept)
            return result
        }

        var incidentArticles = [[Int]](repeating: [], count: incidents.count)
        var actorArticles = [[Int]](repeating: [], count: actors.count)
        var sourceArticles = [[Int]](repeating: [], count: sources.count)
        var sourceIncidents = [Set<Int>](repeating: [], count: sources.count)
        // In display order (`articleOrder` holds every article once), so each incident's, actor's
        // and source's articles are listed in it as they are found (sorting each list by rank was
        // a sort per list, on one thread).
        for r in articleOrder {
            articleIncidents[r] = distinct(articleIncidents[r], by: incidentRank)
            articleActors[r] = distinct(articleActors[r], by: actorRank)
            for i in articleIncidents[r] { incidentArticles[i].append(r) }
            for a in articleActors[r] { actorArticles[a].append(r) }
            let s = articleSource[r]
            if s >= 0 {
                sourceArticles[s].append(r)
                sourceIncidents[s].formUnion(articleIncidents[r])
            }
        }
        self.incidentArticles = incidentArticles
        self.actorArticles = actorArticles
        self.sourceArticles = sourceArticles
        self.sourceIncidents = sourceIncidents.map { $0.sorted { incidentRank[$0] < incidentRank[$1] } }
        self.actorIncidents = actorIncidents.map { $0.sorted { incidentRank[$0.incident] < incidentRank[$1.incident] } }
        self.actorAffiliations = actorAffiliations.map { distinct($0, by: actorRank) }
        self.actorAffiliates = actorAffiliates.map { distinct($0, by: actorRank) }
    }
}
