/// Link and image destinations as pages get them (`DocumentWalk` applies it to every one):
/// root-relative links become relative to the page, and script-capable URL schemes are dropped.
enum LinkRewriter {
    /// URL schemes that can run code in a browser. Links with them lose their destination.
    static let blockedSchemes: Set<String> = ["javascript", "vbscript", "data"]

    static func rewrite(_ url: String, siteRoot: String) -> String {
        if isBlocked(url) { return "" }
        if url.hasPrefix("/") && !url.hasPrefix("//") {
            return siteRoot + url.dropFirst()
        }
        return url
    }

    /// True for `javascript:`, `vbscript:` and `data:` URLs, however they are cased or padded.
    static func isBlocked(_ url: String) -> Bool {
        // Nearly every URL is ASCII up to its colon: read its bytes in place, with no Unicode
        // property look-up and no lower-cased copy (the link check asks for every link of every page).
        if let ascii = url.utf8.withContiguousStorageIfAvailable(asciiIsBlocked), let ascii { return ascii }
        return scalarsAreBlocked(url)
    }

    /// The blocked schemes, packed as `asciiIsBlocked` packs a scheme.
    private static let packedBlockedSchemes: [Packed] = blockedSchemes.map { scheme in
        var packed = Packed()
        for byte in scheme.utf8 { packed.append(byte) }
        return packed
    }

    /// Up to 16 bytes of a scheme in two words, and its length.
    private struct Packed: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0

        mutating func append(_ byte: UInt8) {
            if count < 8 {
                low |= UInt64(byte) << (8 * UInt64(count))
            } else if count < 16 {
                high |= UInt64(byte) << (8 * UInt64(count - 8))
            }
            count += 1
        }
    }

    /// `isBlocked` for a URL that is ASCII up to its first colon; nil when it is not.
    private static func asciiIsBlocked(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var scheme = Packed()
        for byte in bytes {
            if byte == UInt8(ascii: ":") { return packedBlockedSchemes.contains(scheme) }
            if byte >= 0x80 { return nil }
            if byte <= 0x20 { continue }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): scheme.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                scheme.append(byte)
            default: return false
            }
        }
        return false
    }

    /// `isBlocked` scalar by scalar: letters beyond ASCII count as scheme letters here.
    static func scalarsAreBlocked(_ url: String) -> Bool {
        // Browsers ignore ASCII whitespace and control characters inside the scheme.
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar == ":" { return blockedSchemes.contains(scheme.lowercased()) }
            if scalar.value <= 0x20 { continue }
            if !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "+-.".unicodeScalars.contains(scalar)) {
                return false
            }
            scheme.unicodeScalars.append(scalar)
        }
        return false
    }
}

/// URLs that can run code in a browser (`javascript:`, `vbscript:`, `data:`), for checks outside Markdown.
public enum ScriptURL {
    public static func isBlocked(_ url: String) -> Bool { LinkRewriter.isBlocked(url) }
}
