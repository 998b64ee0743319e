import DossierConfig
import DossierContent
import DossierDiagnostics

/// The resolved dossier: every document with its relationships in both directions.
/// Built by `GraphResolver`; every list in it is already in display order.
public struct SiteGraph: Sendable {
    public var config: DossierConfig
    public var incidents: [IncidentDocument]
    public var actors: [ActorDocument]
    public var sources: [SourceDocument]
    public var articles: [ArticleDocument]

    public var incidentIndex: [String: Int]
    public var actorIndex: [String: Int]
    public var sourceIndex: [String: Int]
    public var articleIndex: [String: Int]

    /// Incident -> (actor, role), in role order then actor slug.
    public var incidentActors: [[(actor: Int, role: ActorRole)]]
    /// Incident -> articles reporting it.
    public var incidentArticles: [[Int]]
    /// Article -> its source.
    public var articleSource: [Int]
    /// Article -> incidents it reports.
    public var articleIncidents: [[Int]]
    /// Article -> actors it names (front matter and, later, mentions).
    public var articleActors: [[Int]]
    /// Actor -> (incident, roles) it took part in.
    public var actorIncidents: [[(incident: Int, roles: [ActorRole])]]
    /// Actor -> articles naming it.
    public var actorArticles: [[Int]]
    /// Actor -> actors it is affiliated with, and actors affiliated with it.
    public var actorAffiliations: [[Int]]
    public var actorAffiliates: [[Int]]
    /// Source -> its articles, and the incidents they cover.
    public var sourceArticles: [[Int]]
    public var sourceIncidents: [[Int]]

    /// Incidents and articles in display order: by date, oldest first, then slug; undated last.
    public var incidentOrder: [Int]
    public var articleOrder: [Int]

    /// Claims, quotes, timeline, similar articles and provenance: filled by `AnalystLayer.resolve`.
    public var analyst = AnalystGraph()
}

/// Orders documents by date (oldest first), then slug, with undated documents last.
enum DisplayOrder {
    static func byDateThenSlug(_ items: [(date: DayDate?, slug: String)]) -> [Int] {
        items.indices.sorted { a, b in
            let left = items[a], right = items[b]
            switch (left.date, right.date) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return left.slug < right.slug
            }
        }
    }
}
