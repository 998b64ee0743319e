import Crypto

/// A SHA-256 of everything a page's template sees: the view model, encoded field by field with
/// its names, through the view models' synthesized `Encodable`. Two view models with the same
/// fingerprint render to the same bytes with the same templates, so a page whose fingerprint is
/// the previous build's need not be rendered again. Synthesized `Encodable` covers every stored
/// property, including ones added later, so the fingerprint cannot miss a field.
public enum PageFingerprint {
    public static func of(_ model: some Encodable, salt: String) -> String {
        let sink = FingerprintSink()
        sink.string(salt)
        // Encoding into this encoder cannot fail: it throws nowhere.
        try? model.encode(to: FingerprintEncoder(sink: sink))
        return sink.finish()
    }
}

/// Collects the encoding as bytes: a tag per value, lengths before strings, so distinct
/// view models never encode alike.
final class FingerprintSink {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(4096) }

    func tag(_ byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= 4096 { flush() }
    }

    func string(_ text: String) {
        tag(UInt8(ascii: "s"))
        integer(UInt64(text.utf8.count))
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 4096 { flush() }
    }

    func integer(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private func flush() {
        hasher.update(data: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() -> String {
        flush()
        var text = ""
        for byte in hasher.finalize() {
            text += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }
        return text
    }
}

struct FingerprintEncoder: Encoder {
    let sink: FingerprintSink
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.tag(UInt8(ascii: "{"))
        return KeyedEncodingContainer(Keyed<Key>(sink: sink))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        sink.tag(UInt8(ascii: "["))
        return Unkeyed(sink: sink)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(sink: sink) }

    /// Every scalar as text with a type tag; the view models hold strings, numbers and flags.
    fileprivate static func scalar(_ value: some LosslessStringConvertible, tag: Character, into sink: FingerprintSink) {
        sink.tag(tag.asciiValue ?? 0)
        sink.string(value.description)
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: FingerprintSink
        var codingPath: [CodingKey] = []

        mutating func encodeNil(forKey key: Key) { sink.string(key.stringValue); sink.tag(0) }
        mutating func encode(_ value: Bool, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "b", into: sink) }
        mutating func encode(_ value: String, forKey key: Key) { sink.string(key.stringValue); sink.string(value) }
        mutating func encode(_ value: Double, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "d", into: sink) }
        mutating func encode(_ value: Float, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "f", into: sink) }
        mutating func encode(_ value: Int, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int8, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int16, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int32, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int64, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: UInt, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt8, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt16, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt32, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt64, forKey key: Key) { sink.string(key.stringValue); scalar(value, tag: "u", into: sink) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            sink.string(key.stringValue)
            try value.encode(to: FingerprintEncoder(sink: sink))
            sink.tag(UInt8(ascii: "."))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            sink.string(key.stringValue)
            return FingerprintEncoder(sink: sink).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            sink.string(key.stringValue)
            return FingerprintEncoder(sink: sink).unkeyedContainer()
        }
        mutating func superEncoder() -> Encoder { FingerprintEncoder(sink: sink) }
        mutating func superEncoder(forKey key: Key) -> Encoder {
            sink.string(key.stringValue)
            return FingerprintEncoder(sink: sink)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: FingerprintSink
        var codingPath: [CodingKey] = []
        var count = 0

        mutating func encodeNil() { count += 1; sink.tag(0) }
        mutating func encode(_ value: String) { count += 1; sink.string(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            count += 1
            sink.tag(UInt8(ascii: ","))
            try value.encode(to: FingerprintEncoder(sink: sink))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            count += 1
            return FingerprintEncoder(sink: sink).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            count += 1
            return FingerprintEncoder(sink: sink).unkeyedContainer()
        }
        mutating func superEncoder() -> Encoder { FingerprintEncoder(sink: sink) }
    }

    struct Single: SingleValueEncodingContainer {
        let sink: FingerprintSink
        var codingPath: [CodingKey] = []

        mutating func encodeNil() { sink.tag(0) }
        mutating func encode(_ value: Bool) { scalar(value, tag: "b", into: sink) }
        mutating func encode(_ value: String) { sink.string(value) }
        mutating func encode(_ value: Double) { scalar(value, tag: "d", into: sink) }
        mutating func encode(_ value: Float) { scalar(value, tag: "f", into: sink) }
        mutating func encode(_ value: Int) { scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int8) { scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int16) { scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int32) { scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: Int64) { scalar(value, tag: "i", into: sink) }
        mutating func encode(_ value: UInt) { scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt8) { scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt16) { scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt32) { scalar(value, tag: "u", into: sink) }
        mutating func encode(_ value: UInt64) { scalar(value, tag: "u", into: sink) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: FingerprintEncoder(sink: sink)) }
    }
}

private func scalar(_ value: some LosslessStringConvertible, tag: Character, into sink: FingerprintSink) {
    FingerprintEncoder.scalar(value, tag: tag, into: sink)
}
