import Foundation

/// Addresses from front matter that are safe to put in an `href`: only `http:` and `https:`.
/// Anything else (`javascript:`, `data:`, a relative path) is dropped rather than linked.
public enum ExternalURL {
    public static func safe(_ url: String?) -> String? {
        guard var url else { return nil }
        // Foundation's trimming and lowercasing showed in the render profile; most addresses
        // need neither, so the scheme is compared byte by byte and trimming runs only when needed.
        if let first = url.unicodeScalars.first, let last = url.unicodeScalars.last,
            CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last)
        {
            url = url.trimmingCharacters(in: .whitespaces)
        }
        guard hasWebScheme(url) else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) else { return nil }
        return url
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
