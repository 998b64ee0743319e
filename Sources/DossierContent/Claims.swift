import DossierConfig
import Foundation

/// Who made a claim: an actor (by slug) or a described anonymous claimant.
public enum Claimant: Sendable, Hashable, Decodable {
    case actor(String)
    case anonymous(String)

    enum CodingKeys: String, CodingKey { case anonymous }

    public init(from decoder: Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: CodingKeys.self) {
            self = .anonymous(try keyed.decode(String.self, forKey: .anonymous))
        } else {
            self = .actor(try decoder.singleValueContainer().decode(String.self))
        }
    }

    static let schema: YAMLSchema = .scalarOrMapping(["anonymous": .any])
}

/// One place a claim or quote appears: an article, and the words it uses.
public struct ReportedIn: Sendable, Hashable, Decodable {
    public var article: String
    /// Copied from the article's text; the build checks that it occurs there.
    public var excerpt: String?

    public init(article: String, excerpt: String? = nil) {
        self.article = article
        self.excerpt = excerpt
    }

    static let schema: YAMLSchema = .mapping(["article": .any, "excerpt": .any])
}

/// A figure of a claim: its key (`killed`) and range.
public struct Figure: Sendable, Hashable {
    public var key: String
    public var range: FigureRange

    public init(key: String, range: FigureRange) {
        self.key = key
        self.range = range
    }
}

/// A statement of fact attributed to whoever made it.
public struct Claim: Sendable, Hashable, Decodable {
    public var id: String
    public var claimant: Claimant
    public var statement: String
    /// In display order: killed, wounded, detained, missing, then other keys by name.
    public var figures: [Figure]
    public var date: DayDate?
    public var reportedIn: [ReportedIn]

    enum CodingKeys: String, CodingKey {
        case id, claimant, statement, figures, date
        case reportedIn = "reported_in"
    }

    public init(
        id: String, claimant: Claimant, statement: String, figures: [Figure] = [], date: DayDate? = nil,
        reportedIn: [ReportedIn] = []
    ) {
        self.id = id
        self.claimant = claimant
        self.statement = statement
        self.figures = figures
        self.date = date
        self.reportedIn = reportedIn
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        claimant = try container.decode(Claimant.self, forKey: .claimant)
        statement = try container.decode(String.self, forKey: .statement)
        let figures = try container.decodeIfPresent([String: FigureRange].self, forKey: .figures) ?? [:]
        self.figures = figures.keys.sorted(by: FigureKey.isOrderedBefore).map { Figure(key: $0, range: figures[$0]!) }
        date = try container.decodeIfPresent(DayDate.self, forKey: .date)
        reportedIn = try container.decode([ReportedIn].self, forKey: .reportedIn)
    }

    static let schema: YAMLSchema = .mapping([
        "id": .any, "claimant": Claimant.schema, "statement": .any, "figures": .dictionary(FigureRange.schema),
        "date": .any, "reported_in": .sequence(ReportedIn.schema),
    ])
}

/// A direct quotation.
public struct Quote: Sendable, Hashable, Decodable {
    public var speaker: String
    public var text: String
    public var date: DayDate?
    public var reportedIn: [ReportedIn]

    enum CodingKeys: String, CodingKey {
        case speaker, text, date
        case reportedIn = "reported_in"
    }

    public init(speaker: String, text: String, date: DayDate? = nil, reportedIn: [ReportedIn] = []) {
        self.speaker = speaker
        self.text = text
        self.date = date
        self.reportedIn = reportedIn
    }

    static let schema: YAMLSchema = .mapping(["speaker": .any, "text": .any, "date": .any, "reported_in": .sequence(ReportedIn.schema)])

    /// The key under which spelling variants of one quotation are the same: lower case, curly quotes
    /// and punctuation dropped, whitespace collapsed, and -ise/-ize, -isation/-ization spellings unified.
    public static func matchKey(_ text: String) -> String {
        var words: [String] = []
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            var w = word
            for (british, american) in [("isation", "ization"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"), ("ising", "izing")]
            where w.hasSuffix(british) {
                w = String(w.dropLast(british.count)) + american
                break
            }
            words.append(w)
            word = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if character == "'" || character == "’" {
                continue
            } else {
                flush()
            }
        }
        flush()
        return words.joined(separator: " ")
    }
}

/// How exact a timeline entry's time is.
public enum TimelinePrecision: String, Vocabulary {
    case day, hour, minute, approximate
}

/// Whether a timeline entry is an event, or the moment something was reported or claimed.
public enum TimelineKind: String, Vocabulary {
    case happened, reported, claimed
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
public struct TimelinePoint: Sendable, Hashable, Comparable, Decodable, CustomStringConvertible {
    public var date: DayDate
    public var time: String?

    public init?(_ text: String) {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let date = DayDate(String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard ClockTime.isValid(String(parts[1])) else { return nil }
            time = String(parts[1])
        }
        self.date = date
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let point = TimelinePoint(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date YYYY-MM-DD or a date and time YYYY-MM-DDTHH:MM")
        }
        self = point
    }

    public var description: String { time.map { "\(date)T\($0)" } ?? date.description }

    public static func < (lhs: TimelinePoint, rhs: TimelinePoint) -> Bool {
        lhs.date != rhs.date ? lhs.date < rhs.date : (lhs.time ?? "") < (rhs.time ?? "")
    }
}

/// A dated entry of an incident's timeline.
public struct TimelineEntry: Sendable, Hashable, Decodable {
    public var at: TimelinePoint
    public var precision: TimelinePrecision
    public var kind: TimelineKind
    public var text: String
    public var sources: [String]

    static let schema: YAMLSchema = .mapping([
        "at": .any, "precision": .any, "kind": .any, "text": .any, "sources": .any,
    ])
}
