/// The slug rule: a file name without `.md`, matching `[a-z0-9][a-z0-9-]*`.
public enum SlugRule {
    public static func isValid(_ slug: String) -> Bool {
        guard let first = slug.utf8.first, isLowerAlphanumeric(first) else { return false }
        return slug.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// A valid slug made from free text: lower-case ASCII letters and digits joined by single hyphens.
    public static func slugify(_ text: String, maxLength: Int = 80) -> String {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "’" || scalar == "'" {
                continue  // "Jama’at" becomes "jamaat", not "jama-at"
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let candidate = slug.isEmpty ? word : slug + "-" + word
            if candidate.count > maxLength { break }
            slug = candidate
        }
        return slug
    }
}
