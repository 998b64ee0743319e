/// Addresses from front matter that are safe to put in an `href`: only `http:` and `https:`.
/// Anything else (`javascript:`, `data:`, a relative path) is dropped rather than linked.
public enum ExternalURL {
    public static func safe(_ url: String?) -> String? {
        guard let url = url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) else { return nil }
        return url
    }
}

import Foundation
