import Foundation
import Yams

/// A `Decoder` over a composed document (a Yams `Node` made into a `PlainYAML.Value`, or a
/// `PlainYAML.Value` composed from libyaml's events), for the plain YAML of front matter: no
/// anchors, aliases, explicit tags on collections, merge keys or keys that are not plain scalars
/// (`isSimple` checks).
///
/// Yams' own `YAMLDecoder` finds a field by building a `Node` for the key and comparing it with
/// each key, which resolves both keys' tags through seven regular expressions; in the profile
/// (docs/performance.md) that was most of the load step. Here a mapping's keys are read once
/// into a dictionary. Scalars are built by Yams' own `ScalarConstructible` conformances, and
/// errors are the same `DecodingError`s at the same coding paths, so results and messages are
/// those of `YAMLDecoder` (the tests compare the two).
enum YAMLNodeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try decode(type, from: PlainYAML.Value(node))
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: PlainYAML.Value) throws -> T {
        try ValueDecoder(node: value, parentPath: [], key: nil).decodeValue(type)
    }

    /// True when every node is plain enough for this decoder to give what `YAMLDecoder` gives
    /// (`YAMLDecoding.Inspection.simple` says what that takes).
    static func isSimple(_ node: Node) -> Bool {
        var inspection = YAMLDecoding.Inspection(budget: .max, origin: nil)
        _ = inspection.walk(node, schema: nil)
        return inspection.simple
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private func typeMismatch(_ expectation: Any.Type, _ reality: Any, _ codingPath: [CodingKey]) -> DecodingError {
    .typeMismatch(
        expectation,
        .init(
            codingPath: codingPath,
            debugDescription: "Expected to decode \(expectation) but found \(type(of: reality)) instead."))
}

/// Decodes a `PlainYAML.Value`. The path is kept as its parent's and the last key, and made only
/// when asked for (errors): appending the key for every field decoded was an array allocation a
/// field. (Generic over `Node` and `PlainYAML.Value`, it took 1 % more instructions of a whole
/// build: the `Decoder` witnesses of a generic type are not specialised.)
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let node: PlainYAML.Value
    let parentPath: [CodingKey]
    let key: CodingKey?
    var codingPath: [CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let fields = node.fields else { throw typeMismatch(Node.Mapping.self, node, codingPath) }
        return KeyedDecodingContainer(Keyed<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard let items = node.items else { throw typeMismatch(Node.Sequence.self, node, codingPath) }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { node.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self {
            guard let text = node.text else { throw typeMismatch(Node.Scalar.self, node, codingPath) }
            return text as! T
        }
        if type == [String].self, let items = node.items {
            // A list of scalars, read without an unkeyed container and a decoder per item (slug
            // lists are in every article). Anything else takes the general way, for its errors.
            var strings: [String] = []
            strings.reserveCapacity(items.count)
            for item in items {
                guard let text = item.text else { return try T(from: self) }
                strings.append(text)
            }
            return strings as! T
        }
        if let constructible = type as? ScalarConstructible.Type {
            guard let scalar = node.constructible else { throw typeMismatch(Node.Scalar.self, node, codingPath) }
            guard let constructed = constructible.construct(from: scalar) else {
                throw typeMismatch(type, scalar, codingPath)
            }
            guard let value = constructed as? T else { throw typeMismatch(type, constructed, codingPath) }
            return value
        }
        return try T(from: self)
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let fields: [String: PlainYAML.Value]
        let codingPath: [CodingKey]

        var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }
        func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

        private func decoder(for key: CodingKey) throws -> ValueDecoder {
            guard let node = fields[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key,
                    .init(
                        codingPath: codingPath,
                        debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
            }
            return ValueDecoder(node: node, parentPath: codingPath, key: key)
        }

        func decodeNil(forKey key: Key) throws -> Bool { try decoder(for: key).decodeNil() }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decodeValue(type) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(for: key).decodeValue(type) }

        // What the protocol's defaults do (`contains`, then `decodeNil`, then `decode`), with one
        // look-up of the key instead of three, and one decoder.
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }

        private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
            guard let node = fields[key.stringValue] else { return nil }
            let decoder = ValueDecoder(node: node, parentPath: codingPath, key: key)
            return decoder.decodeNil() ? nil : try decoder.decodeValue(type)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try decoder(for: key).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try decoder(for: key).unkeyedContainer()
        }
        func superDecoder() throws -> Decoder { try decoder(for: IndexKey(0)) }
        func superDecoder(forKey key: Key) throws -> Decoder { try decoder(for: key) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [PlainYAML.Value]
        let codingPath: [CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next<T>(_ type: T.Type) throws -> ValueDecoder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end."))
            }
            defer { currentIndex += 1 }
            return ValueDecoder(node: items[currentIndex], parentPath: codingPath, key: IndexKey(currentIndex))
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { _ = try next(Any?.self); return false }
            let isNil = ValueDecoder(node: items[currentIndex], parentPath: codingPath, key: nil).decodeNil()
            if isNil { currentIndex += 1 }
            return isNil
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).decodeValue(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try next(KeyedDecodingContainer<NestedKey>.self).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
            try next(UnkeyedDecodingContainer.self).unkeyedContainer()
        }
        mutating func superDecoder() throws -> Decoder { try next(Decoder.self) }
    }
}
