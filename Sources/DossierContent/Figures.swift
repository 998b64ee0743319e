import DossierConfig
import Foundation

/// How a figure was stated.
public enum FigureQualifier: String, Sendable, Hashable {
    /// `77`
    case exact
    /// `{min: 81, max: 100}` or `70-100`
    case range
    /// `about 100`, `approximately 100`, `around 200`: the number plus or minus 10 % (at least 1), rounded outward.
    case approximate
    /// `at least 2`: the number or more.
    case atLeast = "at least"
    /// `over 70`, `more than 70`: strictly more than the number.
    case moreThan = "more than"
}

/// A figure as a range of counts: `min...max`, or `min...` when `max` is nil (open-ended).
public struct FigureRange: Sendable, Hashable, Decodable {
    public var min: Int
    public var max: Int?
    public var qualifier: FigureQualifier
    /// The figure as written in the front matter (`about 100`, `77`, `81-100`).
    public var wording: String

    public init(min: Int, max: Int?, qualifier: FigureQualifier, wording: String) {
        self.min = min
        self.max = max
        self.qualifier = qualifier
        self.wording = wording
    }

    /// True when both ranges hold at least one common count, so both claims can be true.
    public func overlaps(_ other: FigureRange) -> Bool {
        let upper = Swift.min(max ?? Int.max, other.max ?? Int.max)
        return Swift.max(min, other.min) <= upper
    }

    /// The range as counts: `77`, `90–110`, `71 or more`.
    public var rangeText: String {
        guard let max else { return "\(min) or more" }
        return min == max ? "\(min)" : "\(min)–\(max)"
    }

    public static let accepted =
        "write a number (77), a range ({min: 81, max: 100}) or a phrase: 'about 100', 'approximately 100', 'around 200', 'at least 2', 'over 70', 'more than 70' or '70-100'"

    /// Parses a figure phrase. The error message says what is wrong and what is accepted.
    public static func parse(_ text: String) -> Result<FigureRange, FigureError> {
        let wording = text.trimmingCharacters(in: .whitespaces)
        let lower = wording.lowercased()
        func number(_ part: Substring) -> Int? {
            let digits = part.trimmingCharacters(in: .whitespaces)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), digits.utf8.count <= 9 else {
                return nil
            }
            return Int(digits)
        }
        if lower.hasPrefix("-"), number(lower.dropFirst()) != nil {
            return .failure(FigureError("'\(wording)' is not a figure: a figure cannot be negative"))
        }
        if let value = number(Substring(lower)) {
            return .success(FigureRange(min: value, max: value, qualifier: .exact, wording: wording))
        }
        let prefixes: [(String, FigureQualifier)] = [
            ("about ", .approximate), ("approximately ", .approximate), ("around ", .approximate),
            ("at least ", .atLeast), ("over ", .moreThan), ("more than ", .moreThan),
        ]
        for (prefix, qualifier) in prefixes where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if rest.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
                return .failure(FigureError("'\(wording)' is not a figure: a figure cannot be negative"))
            }
            guard let value = number(rest) else { break }
            switch qualifier {
            case .approximate:
                let margin = Swift.max(1, (value + 9) / 10)
                return .success(
                    FigureRange(min: Swift.max(0, value - margin), max: value + margin, qualifier: .approximate, wording: wording))
            case .atLeast:
                return .success(FigureRange(min: value, max: nil, qualifier: .atLeast, wording: wording))
            default:
                return .success(FigureRange(min: value + 1, max: nil, qualifier: .moreThan, wording: wording))
            }
        }
        for dash in ["-", "–"] {
            let parts = lower.components(separatedBy: dash)
            if parts.count == 2, let low = number(Substring(parts[0])), let high = number(Substring(parts[1])) {
                return make(min: low, max: high, wording: wording)
            }
        }
        return .failure(FigureError("'\(wording)' is not a figure: \(accepted)"))
    }

    static func make(min: Int, max: Int, wording: String) -> Result<FigureRange, FigureError> {
        if min < 0 || max < 0 {
            return .failure(FigureError("'\(wording)' is not a figure: a figure cannot be negative"))
        }
        if min > max {
            return .failure(FigureError("'\(wording)' is not a figure: the lower bound \(min) is greater than the upper bound \(max)"))
        }
        return .success(FigureRange(min: min, max: max, qualifier: min == max ? .exact : .range, wording: wording))
    }

    enum CodingKeys: String, CodingKey { case min, max }

    public init(from decoder: Decoder) throws {
        let result: Result<FigureRange, FigureError>
        if let keyed = try? decoder.container(keyedBy: CodingKeys.self) {
            let low = try keyed.decode(Int.self, forKey: .min)
            let high = try keyed.decode(Int.self, forKey: .max)
            result = FigureRange.make(min: low, max: high, wording: "\(low)–\(high)")
        } else {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                result = value < 0
                    ? .failure(FigureError("'\(value)' is not a figure: a figure cannot be negative"))
                    : .success(FigureRange(min: value, max: value, qualifier: .exact, wording: "\(value)"))
            } else if let text = try? container.decode(String.self) {
                result = FigureRange.parse(text)
            } else {
                result = .failure(FigureError("not a figure: \(FigureRange.accepted)"))
            }
        }
        switch result {
        case .success(let range): self = range
        case .failure(let error):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    static let schema: YAMLSchema = .scalarOrMapping(["min": .any, "max": .any])
}

/// Why a figure could not be read.
public struct FigureError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Figure keys: the four known ones first, in this order, then any others by name.
public enum FigureKey {
    public static let known = ["killed", "wounded", "detained", "missing"]

    public static func isOrderedBefore(_ a: String, _ b: String) -> Bool {
        let ia = known.firstIndex(of: a) ?? known.count, ib = known.firstIndex(of: b) ?? known.count
        return ia != ib ? ia < ib : a < b
    }

    /// `prisoners_shown` -> `Prisoners shown`.
    public static func label(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
