/// Template contexts. Templates are logic-less; every decision (what to show, in what order,
/// how a date reads) is made here, where it can be tested.

public struct SiteInfo: Sendable, Encodable {
    public var title: String
    public var description: String?
    public var language: String
}

/// A link to a page of the site, with a display name and an optional note (a role, a date).
public struct LinkView: Sendable, Equatable, Encodable {
    public var name: String
    public var url: String
    public var note: String?
}

public struct ArticleLinkView: Sendable, Equatable, Encodable {
    public var title: String
    public var url: String
    public var sourceName: String
    public var published: String?
    public var publishedLong: String?
}

public struct IncidentLinkView: Sendable, Equatable, Encodable {
    public var title: String
    public var url: String
    public var date: String?
    public var dateLong: String?
    public var location: String?
    /// The actor's roles, on an actor's page.
    public var roles: String?
}

public struct LocationView: Sendable, Equatable, Encodable {
    public var name: String
    public var country: String?
    public var places: String
    public var hasPlaces: Bool
    public var coordinates: String?
}

public struct RoleGroupView: Sendable, Equatable, Encodable {
    public var role: String
    public var actors: [LinkView]
}

public struct HomePage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var incidents: [IncidentLinkView]
    public var incidentCount: Int
    public var actorCount: Int
    public var sourceCount: Int
    public var articleCount: Int
}

public struct IncidentIndexPage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var incidents: [IncidentLinkView]
}

public struct LinkIndexPage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var links: [LinkView]
}

public struct ArticleIndexPage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var articles: [ArticleLinkView]
}

public struct IncidentPage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var date: String?
    public var dateLong: String?
    public var time: String?
    public var timezone: String?
    public var location: LocationView?
    public var type: String?
    public var roles: [RoleGroupView]
    public var hasRoles: Bool
    public var body: String
    public var articles: [ArticleLinkView]
    public var hasArticles: Bool
    /// The outlets whose articles report the incident.
    public var links: [LinkView]
    public var hasSources: Bool
    /// Claims, quotes and the rest of the analyst's layer.
    public var analyst: IncidentAnalystView? = nil
}

public struct ActorPage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var kind: String?
    public var aliases: String
    public var hasAliases: Bool
    public var affiliations: [LinkView]
    public var hasAffiliations: Bool
    public var affiliates: [LinkView]
    public var hasAffiliates: Bool
    public var body: String
    public var hasBody: Bool
    public var incidents: [IncidentLinkView]
    public var hasIncidents: Bool
    public var articles: [ArticleLinkView]
    public var hasArticles: Bool
    /// Claims, quotes and the rest of the analyst's layer.
    public var analyst: ActorAnalystView? = nil
}

public struct SourcePage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var url: String?
    public var kind: String?
    public var country: String?
    public var language: String?
    public var body: String
    public var hasBody: Bool
    public var articles: [ArticleLinkView]
    public var hasArticles: Bool
    public var incidents: [IncidentLinkView]
    public var hasIncidents: Bool
    /// Claims, quotes and the rest of the analyst's layer.
    public var analyst: SourceAnalystView? = nil
}

public struct ArticlePage: Sendable, Encodable {
    public var site: SiteInfo
    public var root: String
    public var title: String
    public var source: LinkView
    public var published: String?
    public var publishedLong: String?
    public var author: String?
    public var originalURL: String?
    public var incidents: [IncidentLinkView]
    public var hasIncidents: Bool
    public var actors: [LinkView]
    public var hasActors: Bool
    public var body: String
    /// Claims, quotes and the rest of the analyst's layer.
    public var analyst: ArticleAnalystView? = nil
}
