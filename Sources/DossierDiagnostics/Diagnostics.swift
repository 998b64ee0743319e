/// A collection of diagnostics. Steps append to it instead of stopping at the first problem.
public struct Diagnostics: Sendable, Hashable, Error {
    public private(set) var items: [Diagnostic] = []

    public init(_ items: [Diagnostic] = []) {
        self.items = items
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        items.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        items.append(contentsOf: other.items)
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        items.append(contentsOf: other)
    }

    public mutating func error(_ location: SourceLocation, _ message: String) {
        items.append(.error(location, message))
    }

    public mutating func warning(_ location: SourceLocation, _ message: String) {
        items.append(.warning(location, message))
    }

    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var isEmpty: Bool { items.isEmpty }

    /// True when a run with these diagnostics must fail: an error, or with `strict` a warning.
    public func failed(strict: Bool) -> Bool {
        hasErrors || (strict && items.contains { $0.severity == .warning })
    }

    /// The diagnostics in a stable order with exact duplicates removed.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return items.sorted().filter { seen.insert($0).inserted }
    }
}

/// Thrown when a step cannot go on. It carries every diagnostic collected so far.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: Diagnostics

    public init(_ diagnostics: Diagnostics) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.sorted.map(\.description).joined(separator: "\n")
    }
}
