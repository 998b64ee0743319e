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
        sink.integer(UInt64(count))
        for element in self { element.fingerprint(into: sink) }
    }
}

/// Collects a fingerprint's bytes: a tag per value, lengths before strings and lists, so distinct
/// view models never feed alike.
public final class FingerprintSink {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    /// How many fields were fed, for the test that compares them with `Mirror`'s.
    public private(set) var fields = 0

    public init() { buffer.reserveCapacity(4096) }

    /// Starts a view model (a struct).
    public func open() { tag(UInt8(ascii: "{")) }

    /// Ends a view model.
    public func close() { tag(UInt8(ascii: "}")) }

    /// Names the field whose value comes next.
    public func field(_ name: String) {
        fields += 1
        string(name)
    }

    func tag(_ byte: UInt8) {
        buffer.append(byte)
        if buffer.count >= 4096 { flush() }
    }

    func string(_ text: String) {
        buffer.append(UInt8(ascii: "s"))
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
        return hasher.finalize().hexString
    }
}
