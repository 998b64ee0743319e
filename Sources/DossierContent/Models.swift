import DossierConfig

/// Where an incident happened.
public struct Location: Codable, Sendable, Equatable {
    public var name: String
    public var country: String?
    public var places: [String]
    public var coordinates: [Double]?

    enum CodingKeys: String, CodingKey { case name, country, places, coordinates }

    public init(name: String, country: String? = nil, places: [String] = [], coordinates: [Double]? = nil) {
        self.name = name
        self.country = country
        self.places = places
        self.coordinates = coordinates
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        country = try container.decodeIfPresent(String.self, forKey: .country)
        places = try container.decodeIfPresent([String].self, forKey: .places) ?? []
        coordinates = try container.decodeIfPresent([Double].self, forKey: .coordinates)
        if let coordinates, coordinates.count != 2 || !(-90...90).contains(coordinates[0])
            || !(-180...180).contains(coordinates[1])
        {
            throw DecodingError.dataCorruptedError(
                forKey: .coordinates, in: container,
                debugDescription: "coordinates must be [latitude, longitude] with -90...90 and -180...180")
        }
    }

    static let schema: YAMLSchema = .mapping(["name": .any, "country": .any, "places": .any, "coordinates": .any])
}

/// One actor's part in an incident: `{actor: jnim, role: perpetrator}`.
public struct ActorParticipation: Codable, Sendable, Equatable {
    public var actor: String
    public var role: ActorRole

    public init(actor: String, role: ActorRole) {
        self.actor = actor
        self.role = role
    }

    static let schema: YAMLSchema = .mapping(["actor": .any, "role": .any])
}

/// `content/incidents/SLUG.md`.
public struct IncidentFrontMatter: YAMLDocumentModel, Equatable {
    public var title: String
    public var date: DayDate?
    public var time: String?
    public var timezone: String?
    public var location: Location?
    public var type: String?
    public var actors: [ActorParticipation]
    /// The analyst's layer: see `Claims.swift`.
    public var claims: [Claim] = []
    public var quotes: [Quote] = []
    public var timeline: [TimelineEntry] = []

    enum CodingKeys: String, CodingKey {
        case title, date, time, timezone, location, type, actors, claims, quotes, timeline
    }

    public init(
        title: String, date: DayDate? = nil, time: String? = nil, timezone: String? = nil,
        location: Location? = nil, type: String? = nil, actors: [ActorParticipation] = []
    ) {
        self.title = title
        self.date = date
        self.time = time
        self.timezone = timezone
        self.location = location
        self.type = type
        self.actors = actors
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        date = try container.decodeIfPresent(DayDate.self, forKey: .date)
        time = try container.decodeIfPresent(String.self, forKey: .time)
        if let time, !ClockTime.isValid(time) {
            throw DecodingError.dataCorruptedError(
                forKey: .time, in: container, debugDescription: "'\(time)' is not a time in the form HH:MM")
        }
        timezone = try container.decodeIfPresent(String.self, forKey: .timezone)
        location = try container.decodeIfPresent(Location.self, forKey: .location)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        actors = try container.decodeIfPresent([ActorParticipation].self, forKey: .actors) ?? []
        claims = try container.decodeIfPresent([Claim].self, forKey: .claims) ?? []
        quotes = try container.decodeIfPresent([Quote].self, forKey: .quotes) ?? []
        timeline = try container.decodeIfPresent([TimelineEntry].self, forKey: .timeline) ?? []
    }

    public static let schema: YAMLSchema = .mapping([
        "title": .any, "date": .any, "time": .any, "timezone": .any, "location": Location.schema,
        "type": .any, "actors": .sequence(ActorParticipation.schema),
        "claims": .sequence(Claim.schema), "quotes": .sequence(Quote.schema), "timeline": .sequence(TimelineEntry.schema),
    ])
}

/// `content/actors/SLUG.md`.
public struct ActorFrontMatter: YAMLDocumentModel, Equatable {
    public var name: String
    public var aliases: [String]
    public var kind: ActorKind?
    public var affiliations: [String]

    enum CodingKeys: String, CodingKey { case name, aliases, kind, affiliations }

    public init(name: String, aliases: [String] = [], kind: ActorKind? = nil, affiliations: [String] = []) {
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.affiliations = affiliations
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
        kind = try container.decodeIfPresent(ActorKind.self, forKey: .kind)
        affiliations = try container.decodeIfPresent([String].self, forKey: .affiliations) ?? []
    }

    public static let schema: YAMLSchema = .mapping(["name": .any, "aliases": .any, "kind": .any, "affiliations": .any])
}

/// `content/sources/SLUG.md`: a news outlet.
public struct SourceFrontMatter: YAMLDocumentModel, Equatable {
    public var name: String
    public var url: String?
    public var kind: String?
    public var country: String?
    public var language: String?

    public init(name: String, url: String? = nil, kind: String? = nil, country: String? = nil, language: String? = nil) {
        self.name = name
        self.url = url
        self.kind = kind
        self.country = country
        self.language = language
    }

    public static let schema: YAMLSchema = .mapping([
        "name": .any, "url": .any, "kind": .any, "country": .any, "language": .any,
    ])
}

/// `content/articles/SLUG.md`: one archived report.
public struct ArticleFrontMatter: YAMLDocumentModel, Equatable {
    public var title: String
    public var source: String
    public var published: DayDate?
    public var url: String?
    public var author: String?
    public var incidents: [String]
    public var actors: [String]
    public var retrieved: DayDate?
    public var archive: String?
    public var sha256: String?

    enum CodingKeys: String, CodingKey {
        case title, source, published, url, author, incidents, actors, retrieved, archive, sha256
    }

    public init(
        title: String, source: String, published: DayDate? = nil, url: String? = nil, author: String? = nil,
        incidents: [String] = [], actors: [String] = [], retrieved: DayDate? = nil, archive: String? = nil,
        sha256: String? = nil
    ) {
        self.title = title
        self.source = source
        self.published = published
        self.url = url
        self.author = author
        self.incidents = incidents
        self.actors = actors
        self.retrieved = retrieved
        self.archive = archive
        self.sha256 = sha256
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        source = try container.decode(String.self, forKey: .source)
        published = try container.decodeIfPresent(DayDate.self, forKey: .published)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        author = try container.decodeIfPresent(String.self, forKey: .author)
        incidents = try container.decodeIfPresent([String].self, forKey: .incidents) ?? []
        actors = try container.decodeIfPresent([String].self, forKey: .actors) ?? []
        retrieved = try container.decodeIfPresent(DayDate.self, forKey: .retrieved)
        archive = try container.decodeIfPresent(String.self, forKey: .archive)
        sha256 = try container.decodeIfPresent(String.self, forKey: .sha256)
    }

    public static let schema: YAMLSchema = .mapping([
        "title": .any, "source": .any, "published": .any, "url": .any, "author": .any, "incidents": .any,
        "actors": .any, "retrieved": .any, "archive": .any, "sha256": .any,
    ])
}

/// `HH:MM` in 24-hour time.
public enum ClockTime {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return false }
        return (0...23).contains(hour) && (0...59).contains(minute)
    }
}
