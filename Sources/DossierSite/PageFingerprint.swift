import Crypto
import DossierDiagnostics
import Foundation

/// A SHA-256 of everything a page's template sees: the view model, fed field by field with its
/// names. Two view models with the same fingerprint render to the same bytes with the same
/// templates, so a page whose fingerprint is the previous build's need not be rendered again.
/// The view models' `fingerprint(into:)` is generated from their declarations
/// (ViewModels+Fingerprint.swift, Scripts/gen-mustache-parent.py), so it takes in every stored
/// property; a test counts them against `Mirror`.
public enum PageFingerprint {
    public static func of(_ model: some PageFingerprintable, salt: String) -> String {
        let sink = FingerprintSink()
        sink.string(salt)
        model.fingerprint(into: sink)
        return sink.finish()
    }

    /// The fingerprint of a view model handed out as an existential. A model without the generated
    /// conformance gets a fingerprint that matches nothing, so its page is always rendered.
    public static func of(any model: Any, salt: String) -> String {
        guard let model = model as? any PageFingerprintable else { return "unfingerprinted " + UUID().uuidString }
        return of(model, salt: salt)
    }
}

/// A value that can feed itself to a fingerprint.
public protocol PageFingerprintable {
    func fingerprint(into sink: FingerprintSink)
}

extension String: PageFingerprintable {
    public func fingerprint(into sink: FingerprintSink) { sink.string(self) }
}

extension Bool: PageFingerprintable {
    public func fingerprint(into sink: FingerprintSink) {
        sink.tag(UInt8(ascii: "b"))
        sink.tag(self ? 1 : 0)
    }
}

extension Int: PageFingerprintable {
    public func fingerprint(into sink: FingerprintSink) {
        sink.tag(UInt8(ascii: "i"))
        sink.integer(UInt64(bitPattern: Int64(self)))
    }
}

extension Double: PageFingerprintable {
    public func fingerprint(into sink: FingerprintSink) {
        sink.tag(UInt8(ascii: "d"))
        sink.integer(bitPattern.littleEndian)
    }
}

extension Optional: PageFingerprintable where Wrapped: PageFingerprintable {
    public func fingerprint(into sink: FingerprintSink) {
        switch self {
        case .none: sink.tag(0)
        case .some(let value):
            sink.tag(1)
            value.fingerprint(into: sink)
        }
    }
}

extension Array: PageFingerprintable where Element: PageFingerprintable {
    public func fingerprint(into sink: FingerprintSink) {
        sink.tag(UInt8(ascii: "["))
        sink.length(count)
        for element in self { element.fingerprint(into: sink) }
    }
}

/// Collects a fingerprint's bytes: a tag per value, lengths before strings and lists, so distinct
/// view models of one type never feed alike (and the salt names the page's template, which fixes
/// the type).
public final class FingerprintSink {
    private var hasher = SHA256()
    /// Bytes not yet hashed. A fixed buffer, not an array: `Array.append` checked capacity and
    /// uniqueness on every tag, which showed as a tenth of the render step in the profile.
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FingerprintSink.capacity, alignment: 8)
    private var used = 0
    private static let capacity = 4096
    /// How many fields were fed, for the test that compares them with `Mirror`'s.
    public private(set) var fields = 0

    public init() {}

    deinit { buffer.deallocate() }

    /// Starts a view model (a struct).
    public func open() { tag(UInt8(ascii: "{")) }

    /// Ends a view model.
    public func close() { tag(UInt8(ascii: "}")) }

    /// Marks the field whose value comes next. Its name is not fed: a type's fields always come
    /// in the same order (the conformances are generated), and the tool's identity is in the salt,
    /// so names told nothing the position does not. Fed, they were a third of the bytes hashed.
    public func field(_ name: String) {
        fields += 1
    }

    func tag(_ byte: UInt8) {
        if used == Self.capacity { flush() }
        buffer[used] = byte
        used += 1
    }

    func string(_ text: String) {
        tag(UInt8(ascii: "s"))
        // Read in place: the render threads share most strings with the graph.
        text.withUTF8InPlace { utf8 in
            length(utf8.count)
            append(UnsafeRawBufferPointer(utf8))
        }
    }

    /// A length, seven bits a byte, low bits first, the high bit set on every byte but the last:
    /// one byte for most strings instead of eight.
    func length(_ count: Int) {
        var value = UInt64(count)
        while value >= 0x80 {
            tag(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        tag(UInt8(value))
    }

    func integer(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }

    /// The same bytes as appending one by one: SHA-256 does not depend on how its input is split.
    private func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count > Self.capacity - used {
            flush()
            if bytes.count >= Self.capacity {
                hasher.update(bufferPointer: bytes)
                return
            }
        }
        (buffer.baseAddress! + used).copyMemory(from: base, byteCount: bytes.count)
        used += bytes.count
    }

    private func flush() {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<used]))
        used = 0
    }

    func finish() -> String {
        flush()
        return hasher.finalize().hexString
    }
}
