import DossierDiagnostics

/// A string field restricted to a fixed list of words.
public protocol Vocabulary: RawRepresentable, CaseIterable, Codable, Sendable, Hashable, Comparable
where RawValue == String {}

extension Vocabulary {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            let words = Self.allCases.map(\.rawValue)
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not one of \(words.joined(separator: ", "))"
                    + Suggestion.hint(for: text, in: words))
        }
        self = value
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        let all = Array(allCases)
        return all.firstIndex(of: lhs)! < all.firstIndex(of: rhs)!
    }
}

/// What kind of actor a profile describes.
public enum ActorKind: String, Vocabulary {
    case armedGroup = "armed-group"
    case stateForce = "state-force"
    case person
    case organisation
    case media
    case other
}

/// The part an actor played in an incident. The order here is the order of display.
public enum ActorRole: String, Vocabulary {
    case perpetrator
    case target
    case responder
    case claimant
    case other
}
