import DossierDiagnostics
import Foundation
import Yams

/// Decodes YAML into typed models and turns every failure into a positioned diagnostic.
public enum YAMLDecoding {
    /// The most nodes a document may expand to. Bounds "billion laughs" alias expansion.
    public static let maximumNodes = 200_000

    /// Where a YAML text sits in its file.
    public struct Origin: Sendable {
        public var path: String
        /// The file line of the YAML text's first line.
        public var firstLine: Int

        public init(path: String, firstLine: Int = 1) {
            self.path = path
            self.firstLine = firstLine
        }

        func location(_ mark: Mark?) -> SourceLocation {
            guard let mark else { return SourceLocation(path: path, line: firstLine, column: 1) }
            return SourceLocation(path: path, line: firstLine + mark.line - 1, column: mark.column)
        }
    }

    /// Decode `yaml` as `T`. On failure the diagnostics say where and why.
    public static func decode<T: YAMLDocumentModel>(
        _ type: T.Type, from yaml: String, origin: Origin
    ) -> Result<T, Diagnostics> {
        // The quick way for plain documents (`PlainYAML`); any other document, and any error,
        // takes Yams' way below.
        if let value = PlainYAML.decode(T.self, from: yaml, budget: maximumNodes) { return .success(value) }
        return decodeComposing(T.self, from: yaml, origin: origin)
    }

    /// `decode` through Yams' composed `Node`s, which every document can take.
    static func decodeComposing<T: YAMLDocumentModel>(
        _ type: T.Type, from yaml: String, origin: Origin
    ) -> Result<T, Diagnostics> {
        var diagnostics = Diagnostics()
        let node: Node
        do {
            // Composed without tag resolution; `YAMLNodeDecoder` resolves the few non-string
            // scalars itself, and a document it cannot take is composed again below.
            guard let root = try compose(yaml, resolver: plainResolver) else {
                diagnostics.error(origin.location(nil), "front matter is empty")
                return .failure(diagnostics)
            }
            node = root
        } catch {
            diagnostics.append(diagnostic(forYAMLError: error, origin: origin))
            return .failure(diagnostics)
        }
        var inspection = Inspection(budget: maximumNodes, origin: origin)
        guard inspection.walk(node, schema: T.schema) else {
            diagnostics.error(
                origin.location(node.mark),
                "YAML expands to more than \(maximumNodes) nodes (too many aliases?); refusing to expand it")
            return .failure(diagnostics)
        }
        if case .mapping = node {
        } else {
            diagnostics.error(origin.location(node.mark), "expected a mapping of fields (key: value)")
            return .failure(diagnostics)
        }
        diagnostics.append(contentsOf: inspection.diagnostics)
        let simple = inspection.simple
        let resolved = simple ? node : ((try? compose(yaml)).flatMap { $0 } ?? node)
        do {
            let value =
                try simple ? YAMLNodeDecoder.decode(T.self, from: node) : decoder.decode(T.self, from: resolved)
            if diagnostics.hasErrors { return .failure(diagnostics) }
            return .success(value)
        } catch let error as DecodingError {
            diagnostics.append(diagnostic(forDecodingError: error, root: resolved, origin: origin))
        } catch {
            diagnostics.error(origin.location(node.mark), "could not decode: \(error)")
        }
        return .failure(diagnostics)
    }

    /// The position of the value at `path` (keys and indices) in `yaml`, for errors found after decoding.
    public static func location(of path: [YAMLPathComponent], in yaml: String, origin: Origin) -> SourceLocation {
        guard let root = try? compose(yaml) else { return origin.location(nil) }
        return origin.location(find(path, in: root).mark)
    }

    // MARK: - Parsing

    // Yams' defaults are computed on every call: `Parser.Encoding.default` reads the whole process
    // environment and `Constructor.default` builds its tables. Both showed in the profile
    // (docs/performance.md), so they are made once here. Neither is mutated after this.
    nonisolated(unsafe) private static let constructor = Constructor.default
    nonisolated(unsafe) private static let decoder = YAMLDecoder(encoding: .utf8)
    /// Resolves every plain scalar as a string, with no regular expression (see `YAMLNodeDecoder`).
    private static let plainResolver = Resolver.basic

    private static func compose(_ yaml: String, resolver: Resolver = .default) throws -> Node? {
        try Parser(yaml: yaml, resolver: resolver, constructor: constructor, encoding: .utf8).singleRoot()
    }

    // MARK: - One walk: budget, unknown keys, simple

    /// One walk over a composed document, for three things (each was a walk of its own, copying
    /// every node as it went):
    /// - it counts the nodes against a budget, and stops as soon as they are over it;
    /// - it reports fields the schema does not know, with a suggestion;
    /// - it tells whether `YAMLNodeDecoder` can decode the document as `YAMLDecoder` would.
    struct Inspection {
        var budget: Int
        let origin: Origin?
        var diagnostics = Diagnostics()
        /// No aliases, anchors, explicit tags on collections, merge keys or keys that are not plain
        /// string scalars. Stored tags only: `Node.tag` would resolve them, which is what
        /// `YAMLNodeDecoder` avoids. A scalar value's tag does not matter: strings are taken as
        /// written, and other scalar types are built by the same `construct(from:)` that
        /// `YAMLDecoder` calls.
        var simple = true

        init(budget: Int, origin: Origin?) {
            self.budget = budget
            self.origin = origin
        }

        /// False when the document has more nodes than the budget. `schema` nil: no key checks below.
        mutating func walk(_ node: Node, schema: YAMLSchema?) -> Bool {
            budget -= 1
            if budget < 0 { return false }
            switch node {
            case .scalar(let scalar):
                if scalar.anchor != nil { simple = false }
                return true
            case .alias:
                simple = false
                return true
            case .sequence(let sequence):
                if sequence.anchor != nil || sequence.tag.description != Tag.Name.implicit.rawValue { simple = false }
                var itemSchema: YAMLSchema?
                if case .sequence(let items) = schema { itemSchema = items }
                for item in sequence {
                    guard walk(item, schema: itemSchema) else { return false }
                }
                return true
            case .mapping(let mapping):
                if mapping.anchor != nil || mapping.tag.description != Tag.Name.implicit.rawValue { simple = false }
                for (key, value) in mapping {
                    // Yams compares keys by string and resolved tag; a plain key that is (or resolves
                    // to) a string matches exactly the field of the same name.
                    if case .scalar(let scalar) = key, scalar.style == .plain, scalar.anchor == nil,
                        scalar.string != "<<", Self.stringTags.contains(scalar.tag.description)
                    {
                    } else {
                        simple = false
                    }
                    guard walk(key, schema: nil) else { return false }
                    guard walk(value, schema: valueSchema(of: key, in: schema)) else { return false }
                }
                return true
            }
        }

        /// The schema of a mapping's value under `key`, reporting a key the schema does not know.
        private mutating func valueSchema(of key: Node, in schema: YAMLSchema?) -> YAMLSchema? {
            switch schema {
            case .mapping(let keys), .scalarOrMapping(let keys):
                let name = key.string ?? ""
                if let sub = keys[name] { return sub }
                if let origin {
                    diagnostics.error(
                        origin.location(key.mark), "unknown field '\(name)'" + Suggestion.hint(for: name, in: keys.keys))
                }
                return nil
            case .dictionary(let valueSchema):
                return valueSchema
            case .any, .sequence, nil:
                return nil  // .any: anything goes; .sequence: a type mismatch, which the decoder reports
            }
        }

        private static let stringTags: Set<String> = [Tag.Name.implicit.rawValue, Tag.Name.str.rawValue]
    }

    // MARK: - Error translation

    private static func diagnostic(forYAMLError error: Error, origin: Origin) -> Diagnostic {
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
            YamlError.parser(let context, let problem, let mark, _),
            YamlError.composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text); " } ?? ""
            return .error(origin.location(mark), "invalid YAML: \(detail)\(problem)")
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                origin.location(context.mark),
                "duplicate field\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case YamlError.reader(let problem, _, _, _):
            return .error(origin.location(nil), "invalid YAML: \(problem)")
        default:
            return .error(origin.location(nil), "invalid YAML: \(error)")
        }
    }

    private static func diagnostic(forDecodingError error: DecodingError, root: Node, origin: Origin) -> Diagnostic {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = find(context.codingPath.map(YAMLPathComponent.init), in: root)
            return .error(
                origin.location(parent.mark),
                "missing required field '\(fieldPath(context.codingPath + [key]))'")
        case .typeMismatch(let type, let context):
            let node = find(context.codingPath.map(YAMLPathComponent.init), in: root)
            return .error(
                origin.location(node.mark),
                "field '\(fieldPath(context.codingPath))' should be \(describe(type)), not \(describe(node))")
        case .valueNotFound(let type, let context):
            let node = find(context.codingPath.map(YAMLPathComponent.init), in: root)
            return .error(
                origin.location(node.mark),
                "field '\(fieldPath(context.codingPath))' is empty; expected \(describe(type))")
        case .dataCorrupted(let context):
            let node = find(context.codingPath.map(YAMLPathComponent.init), in: root)
            let field = fieldPath(context.codingPath)
            let prefix = field.isEmpty ? "" : "field '\(field)': "
            return .error(origin.location(node.mark), prefix + context.debugDescription)
        @unknown default:
            return .error(origin.location(root.mark), "could not decode: \(error)")
        }
    }

    static func fieldPath(_ path: [CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type, is Node.Sequence.Type: return "a list"
        case is Node.Scalar.Type: return "a single value"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a mapping"
        }
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The deepest node along `path` that exists.
    static func find(_ path: [YAMLPathComponent], in root: Node) -> Node {
        var node = root
        for component in path {
            switch (component, node) {
            case (.key(let name), .mapping(let mapping)):
                guard let next = mapping.first(where: { $0.key.string == name }) else { return node }
                node = next.value
            case (.index(let index), .sequence(let sequence)):
                guard index >= 0, index < sequence.count else { return node }
                node = sequence[index]
            default:
                return node
            }
        }
        return node
    }
}

/// One step of a path into a YAML document.
public enum YAMLPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)

    init(_ key: CodingKey) {
        if let index = key.intValue { self = .index(index) } else { self = .key(key.stringValue) }
    }
}
