import DossierContent

/// The span of one figure key across all claims of an incident.
public struct FigureSpan: Sendable, Equatable {
    public var key: String
    public var min: Int
    /// Nil when some claim is open-ended (`at least 2`, `over 70`).
    public var max: Int?
    /// Indices of the claims that give this figure, in claim order.
    public var claims: [Int]
    /// The highest count any claim states (its upper bound, or the lower bound of an open-ended claim).
    public var highest: Int

    /// `2–255`, `77`, `71 or more`, or `2–255 or more` when an open-ended claim starts below the
    /// highest stated count, so the reader still sees how far the stated figures reach.
    public var text: String {
        if max == nil && highest > min { return "\(min)–\(highest) or more" }
        return FigureRange(min: min, max: max, qualifier: .range, wording: "").rangeText
    }
}

/// Which claims contradict each other. Two claims are contested on a figure key when their ranges
/// have no count in common, so they cannot both be true.
public enum Contested {
    /// For each claim, figure key -> the indices of the claims it contradicts on that key.
    public static func conflicts(_ claims: [Claim]) -> [[String: [Int]]] {
        var result = [[String: [Int]]](repeating: [:], count: claims.count)
        for (i, claim) in claims.enumerated() {
            for figure in claim.figures {
                for (j, other) in claims.enumerated() where j != i {
                    guard let theirs = other.figures.first(where: { $0.key == figure.key }) else { continue }
                    if !figure.range.overlaps(theirs.range) { result[i][figure.key, default: []].append(j) }
                }
            }
        }
        return result
    }

    /// One span per figure key, known keys first (killed, wounded, detained, missing), then others by name.
    public static func spans(_ claims: [Claim]) -> [FigureSpan] {
        var spans: [String: FigureSpan] = [:]
        for (i, claim) in claims.enumerated() {
            for figure in claim.figures {
                let stated = figure.range.max ?? figure.range.min
                if var span = spans[figure.key] {
                    span.min = Swift.min(span.min, figure.range.min)
                    span.highest = Swift.max(span.highest, stated)
                    span.max = span.max.flatMap { current in figure.range.max.map { Swift.max(current, $0) } }
                    span.claims.append(i)
                    spans[figure.key] = span
                } else {
                    spans[figure.key] = FigureSpan(
                        key: figure.key, min: figure.range.min, max: figure.range.max, claims: [i], highest: stated)
                }
            }
        }
        return spans.keys.sorted(by: FigureKey.isOrderedBefore).map { spans[$0]! }
    }
}
