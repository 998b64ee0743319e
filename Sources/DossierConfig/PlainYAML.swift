import CYaml
import Foundation
import Yams

/// The quick way through `YAMLDecoding.decode` for plain documents, which front matter nearly
/// always is: a mapping of plain keys to scalars, lists and mappings, with no anchors, aliases,
/// tags, merge keys, repeated keys or fields the schema does not know.
///
/// The document is parsed by libyaml (the parser inside Yams), and its events are composed into a
/// small tree of its own instead of Yams' `Node`s. Composing `Node`s (an object per event and per
/// tag, the duplicate-key check through `Node` hashing) and walking them took about three quarters
/// of the load step's YAML time in the profile (docs/performance.md). The tree is the one
/// `YAMLNodeDecoder` decodes Yams' `Node`s as: strings as written, other scalars built by Yams'
/// own `ScalarConstructible` conformances from the scalar Yams would have made.
///
/// Anything else gives nil, and the caller takes Yams' way, which reports the errors: a document
/// that is not plain, one that libyaml rejects, and one that fails to decode. So this never
/// decides what a document means or what an error says; the tests compare the two ways.
enum PlainYAML {
    /// A composed document, as `YAMLNodeDecoder` reads it.
    indirect enum Value {
        /// `tag`: what Yams composes with no tag resolution: `implicit` for a plain scalar, `str`
        /// for any other style, or the tag written.
        case scalar(String, tag: Tag.Name, style: Node.Scalar.Style)
        case sequence([Value])
        /// The values by key (the first of a repeated key).
        case mapping([String: Value])

        /// A document Yams composed (without tag resolution).
        init(_ node: Node) {
            switch node {
            case .scalar(let scalar):
                self = .scalar(scalar.string, tag: Tag.Name(rawValue: scalar.tag.description), style: scalar.style)
            case .sequence(let sequence):
                self = .sequence(sequence.map(Value.init))
            case .mapping(let mapping):
                var fields: [String: Value] = [:]
                fields.reserveCapacity(mapping.count)
                for (key, value) in mapping {
                    // A scalar key's text read where it is stored: `Node.string` (what Yams gives
                    // for any key) goes through `String.construct(from:)`.
                    let name: String
                    if case .scalar(let scalar) = key { name = scalar.string } else { name = key.string ?? "" }
                    if fields[name] == nil { fields[name] = Value(value) }
                }
                self = .mapping(fields)
            case .alias:
                // Never in a composed document: Yams puts the anchored node in an alias's place.
                self = .scalar("", tag: .implicit, style: .any)
            }
        }

        var fields: [String: Value]? {
            guard case .mapping(let fields) = self else { return nil }
            return fields
        }

        var items: [Value]? {
            guard case .sequence(let items) = self else { return nil }
            return items
        }

        var text: String? {
            guard case .scalar(let string, _, _) = self else { return nil }
            return string
        }

        /// The scalar Yams' `ScalarConstructible` types are built from: with the tag Yams' default
        /// resolver gives a plain scalar, or its own.
        var constructible: Node.Scalar? {
            guard case .scalar(let string, let tag, let style) = self else { return nil }
            return Node.Scalar(string, Tag(tag), style)
        }

        /// Yams' null (`NSNull.construct`), which takes plain scalars of at most four bytes (`~`,
        /// `null`), so the scalar is built only for those.
        var isNull: Bool {
            guard case .scalar(let string, _, let style) = self, style == .plain, string.utf8.count <= 4 else { return false }
            return constructible.map { NSNull.construct(from: $0) != nil } ?? false
        }
    }

    /// `yaml` decoded as `T`, or nil when it is not plain or does not decode.
    static func decode<T: YAMLDocumentModel>(_ type: T.Type, from yaml: String, budget: Int) -> T? {
        guard let root = compose(yaml, schema: T.schema, budget: budget) else { return nil }
        return try? YAMLNodeDecoder.decode(type, from: root)
    }

    /// The document as a mapping, or nil when it is not a single plain mapping of at most `budget`
    /// nodes whose keys `schema` knows.
    static func compose(_ yaml: String, schema: YAMLSchema?, budget: Int) -> Value? {
        var text = yaml
        return text.withUTF8 { bytes -> Value? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            // The parser's address, for as long as the composer reads from it.
            return withUnsafeMutablePointer(to: &parser) { parser in
                var composer = Composer(parser: parser, budget: budget)
                return composer.document(schema: schema)
            }
        }
    }

    /// Reads the events of one document.
    private struct Composer {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        var budget: Int

        mutating func document(schema: YAMLSchema?) -> Value? {
            guard expect(YAML_STREAM_START_EVENT), expect(YAML_DOCUMENT_START_EVENT) else { return nil }
            // The root: a mapping, counted against the budget as every node is.
            guard case .mapping? = next({ start(&$0) }), counted(), let root = mapping(schema: schema),
                expect(YAML_DOCUMENT_END_EVENT), expect(YAML_STREAM_END_EVENT)
            else { return nil }
            return root
        }

        /// Counts one node; false when that is more than the budget.
        private mutating func counted() -> Bool {
            budget -= 1
            return budget >= 0
        }

        /// Parses the next event and gives it to `body`; nil when libyaml fails.
        private func next<R>(_ body: (inout yaml_event_t) -> R) -> R? {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            return body(&event)
        }

        private func expect(_ type: yaml_event_type_t) -> Bool {
            next { $0.type == type } == true
        }

        /// What an event starts: a node, or the end of the collection around it.
        private enum Start {
            case scalar(Value)
            case sequence
            case mapping
            case end
            case notPlain
        }

        private func start(_ event: inout yaml_event_t) -> Start {
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil,
                    let style = Node.Scalar.Style(rawValue: numericCast(scalar.style.rawValue))
                else { return .notPlain }
                let string = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                return .scalar(.scalar(string, tag: scalar.quoted_implicit == 1 ? .str : .implicit, style: style))
            case YAML_SEQUENCE_START_EVENT:
                let sequence = event.data.sequence_start
                return sequence.anchor == nil && sequence.tag == nil && sequence.implicit != 0 ? .sequence : .notPlain
            case YAML_MAPPING_START_EVENT:
                let mapping = event.data.mapping_start
                return mapping.anchor == nil && mapping.tag == nil && mapping.implicit != 0 ? .mapping : .notPlain
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                return .end
            default:
                return .notPlain  // an alias
            }
        }

        /// The node an event starts (nil at the end of its collection: `ended`).
        private mutating func node(schema: YAMLSchema?, ended: inout Bool) -> Value? {
            guard let started = next({ start(&$0) }) else { return nil }
            if case .end = started {
                ended = true
                return nil
            }
            guard counted() else { return nil }
            switch started {
            case .scalar(let value): return value
            case .sequence: return sequence(schema: schema)
            case .mapping: return mapping(schema: schema)
            case .end, .notPlain: return nil
            }
        }

        private mutating func sequence(schema: YAMLSchema?) -> Value? {
            var itemSchema: YAMLSchema?
            if case .sequence(let items) = schema { itemSchema = items }
            var items: [Value] = []
            while true {
                var ended = false
                guard let item = node(schema: itemSchema, ended: &ended) else {
                    return ended ? .sequence(items) : nil
                }
                items.append(item)
            }
        }

        /// A mapping's entries after its start event. Keys must be plain scalars (not `<<`, a merge
        /// key), each once, and known to `schema`, as `YAMLDecoding.Inspection` asks.
        private mutating func mapping(schema: YAMLSchema?) -> Value? {
            var fields: [String: Value] = [:]
            while true {
                var ended = false
                guard let key = node(schema: nil, ended: &ended) else {
                    return ended ? .mapping(fields) : nil
                }
                guard case .scalar(let name, .implicit, .plain) = key, name != "<<" else { return nil }
                let valueSchema: YAMLSchema?
                switch schema {
                case .mapping(let keys), .scalarOrMapping(let keys):
                    guard let known = keys[name] else { return nil }
                    valueSchema = known
                case .dictionary(let values):
                    valueSchema = values
                case .any, .sequence, nil:
                    valueSchema = nil
                }
                var valueEnded = false
                guard let value = node(schema: valueSchema, ended: &valueEnded) else { return nil }
                // A repeated key is found as the value is stored: one look-up of the key, not two.
                guard fields.updateValue(value, forKey: name) == nil else { return nil }
            }
        }
    }
}

