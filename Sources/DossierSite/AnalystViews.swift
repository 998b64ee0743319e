import DossierContent

// Template contexts of the analyst's layer. Optional fields have names no page context uses, because
// Mustache looks a missing name up in the enclosing contexts.

/// Who made a claim or a quote: an actor (with a link) or a described anonymous source.
public struct ClaimantView: Sendable, Equatable, Encodable {
    public var claimantName: String
    public var claimantURL: String?
    public var anonymous: Bool
}

/// An article relaying a claim or quote, with its own words.
public struct ReportView: Sendable, Equatable, Encodable {
    public var reportTitle: String
    public var reportURL: String
    public var reportSource: String
    public var excerpt: String?
}

/// One claim's figure in a casualty panel row.
public struct FigureRowView: Sendable, Equatable, Encodable {
    public var claimant: ClaimantView
    public var claimID: String
    public var statement: String
    /// As the source put it: `about 100`.
    public var figure: String
    /// The counts it stands for, when that says more than the wording: `90–110`.
    public var figureRange: String?
    public var claimDate: String?
    public var claimDateLong: String?
    public var reports: [ReportView]
    public var contested: Bool
    /// `Cannot be true together with: security source (77); …`
    public var contestedNote: String?
}

/// A casualty panel: one figure key, its span, and one row per claim.
public struct FigurePanelView: Sendable, Equatable, Encodable {
    public var label: String
    public var span: String
    public var claimCount: String
    public var rows: [FigureRowView]
    public var hasContested: Bool
}

/// A claim in a list (claims without figures, an actor's or article's claims).
public struct ClaimView: Sendable, Equatable, Encodable {
    public var claimant: ClaimantView
    public var claimID: String
    public var statement: String
    /// `killed: 77; wounded: 255`
    public var figureSummary: String?
    public var claimDate: String?
    public var claimDateLong: String?
    public var reports: [ReportView]
    public var contested: Bool
    /// The incident, on pages other than the incident's.
    public var claimIncident: IncidentLinkView?
}

public struct QuoteView: Sendable, Equatable, Encodable {
    public var speaker: ClaimantView
    public var quoteText: String
    public var quoteDate: String?
    public var quoteDateLong: String?
    public var reports: [ReportView]
    public var quoteIncident: IncidentLinkView?
}

public struct TimelineRowView: Sendable, Equatable, Encodable {
    /// Machine-readable, for `<time datetime>`.
    public var datetime: String
    /// `17 September 2024, 06:00`
    public var when: String
    public var precision: String
    public var kind: String
    public var text: String
    public var sources: [ArticleLinkView]
}

public struct IncidentAnalystView: Sendable, Equatable, Encodable {
    public var panels: [FigurePanelView]
    public var hasPanels: Bool
    /// The claims without figures (statements).
    public var claims: [ClaimView]
    public var hasClaims: Bool
    public var hasTimeline: Bool
    public var happened: [TimelineRowView]
    public var hasHappened: Bool
    public var reportedOrClaimed: [TimelineRowView]
    public var hasReportedOrClaimed: Bool
    public var quotes: [QuoteView]
    public var hasQuotes: Bool
    public let claimsHeading = "Other claims"
    public let quotesHeading = "Quotes"
}

public struct ActorAnalystView: Sendable, Equatable, Encodable {
    public var claims: [ClaimView]
    public var hasClaims: Bool
    public var quotes: [QuoteView]
    public var hasQuotes: Bool
    public let claimsHeading = "Claims made"
    public let quotesHeading = "Quotes"
}

public struct ProvenanceView: Sendable, Equatable, Encodable {
    public var outlet: LinkView
    public var provenanceURL: String?
    public var provenancePublished: String?
    public var retrieved: String?
    public var retrievedLong: String?
    public var sha256: String?
    /// Link to the archived original, present only when its SHA-256 was verified.
    public var archiveURL: String?
}

public struct SimilarView: Sendable, Equatable, Encodable {
    public var similarTitle: String
    public var similarURL: String
    public var similarSource: String
    /// `62%`, `2.7%`: shared shingles over those of the shorter article.
    public var percent: String
    /// `syndicated copy` or `rewrite of a common report`.
    public var relation: String
}

public struct ArticleAnalystView: Sendable, Equatable, Encodable {
    public var claims: [ClaimView]
    public var hasClaims: Bool
    public var quotes: [QuoteView]
    public var hasQuotes: Bool
    public var provenance: ProvenanceView
    public var similar: [SimilarView]
    public var hasSimilar: Bool
    public let claimsHeading = "Claims it relays"
    public let quotesHeading = "Quotes it relays"
}

/// One of a source's articles that shares text with other articles (a syndicated copy or a rewrite).
public struct SyndicatedView: Sendable, Equatable, Encodable {
    public var syndicatedTitle: String
    public var syndicatedURL: String
    public var copies: [SimilarView]
}

public struct SourceAnalystView: Sendable, Equatable, Encodable {
    public var claims: [ClaimView]
    public var hasClaims: Bool
    public var syndicated: [SyndicatedView]
    public var hasSyndicated: Bool
    public let claimsHeading = "Claims it relayed"
}
