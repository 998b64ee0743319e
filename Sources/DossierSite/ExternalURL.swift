import Foundation

/// Addresses from front matter that are safe to put in an `href`: only `http:` and `https:`.
/// Anything else (`javascript:`, `data:`, a relative path) is dropped rather than linked.
public enum ExternalURL {
    public static func safe(_ url: String?) -> String? {
        guard var url else { return nil }
        // Foundation's trimming and lowercasing showed in the render profile; most addresses
        // need neither, so the scheme is compared byte by byte and trimming runs only when needed.
        if let first = url.unicodeScalars.first, let last = url.unicodeScalars.last,
            isWhitespace(first) || isWhitespace(last)
        {
            url = url.trimmingCharacters(in: .whitespaces)
        }
        guard hasWebScheme(url) else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) else { return nil }
        return url
    }

    /// What `CharacterSet.whitespaces` holds (its documentation: general category Zs and the tab;
    /// this Foundation also holds the zero-width space, and a test compares every scalar), without
    /// making that set for every address (its getter showed in the profile).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return scalar.properties.generalCategory == .spaceSeparator || scalar == "\u{200B}"
    }

    /// `http://` or `https://`, in any case.
    static func hasWebScheme(_ url: String) -> Bool {
        var bytes = url.utf8.makeIterator()
        for expected in "http".utf8 {
            guard let byte = bytes.next(), byte | 0x20 == expected else { return false }
        }
        var next = bytes.next()
        if let byte = next, byte | 0x20 == UInt8(ascii: "s") { next = bytes.next() }
        return next == UInt8(ascii: ":") && bytes.next() == UInt8(ascii: "/") && bytes.next() == UInt8(ascii: "/")
    }
}

import Foundation
