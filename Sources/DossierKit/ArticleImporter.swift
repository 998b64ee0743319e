import DossierContent
import DossierDiagnostics
import Foundation

/// What `dossier import` is asked to do.
public struct ImportRequest: Sendable {
    /// The plain-text article.
    public var file: String
    public var source: String
    public var published: DayDate?
    public var incident: String?
    public var slug: String?
    public var title: String?
    /// The dossier folder.
    public var into: String

    public init(
        file: String, source: String, published: DayDate? = nil, incident: String? = nil, slug: String? = nil,
        title: String? = nil, into: String = "."
    ) {
        self.file = file
        self.source = source
        self.published = published
        self.incident = incident
        self.slug = slug
        self.title = title
        self.into = into
    }
}

/// The two files an import writes, before they are written.
public struct ImportedArticle: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var published: DayDate?
    public var sha256: String
    /// `content/articles/SLUG.md`, relative to the dossier folder.
    public var markdownPath: String
    public var markdown: String
    /// `content/articles/SLUG.original.txt`: the input, byte for byte.
    public var archivePath: String
    public var archive: [UInt8]
}

/// Turns a plain-text article into an archived original and a Markdown working copy with a
/// front-matter skeleton. Page furniture is dropped from the working copy only.
public enum ArticleImporter {
    public static let articlesFolder = "content/articles"

    /// Prepares the import. `exists` says whether a path relative to the dossier folder exists.
    public static func prepare(
        _ bytes: [UInt8], request: ImportRequest, exists: (String) -> Bool
    ) -> Result<ImportedArticle, Diagnostics> {
        var diagnostics = Diagnostics()
        let input = SourceLocation(path: request.file)
        if !SlugRule.isValid(request.source) {
            diagnostics.error(input, "--source '\(request.source)' is not a valid slug")
        }
        if let incident = request.incident, !SlugRule.isValid(incident) {
            diagnostics.error(input, "--incident '\(incident)' is not a valid slug")
        }
        if let slug = request.slug, !SlugRule.isValid(slug) {
            diagnostics.error(input, "--slug '\(slug)' is not a valid slug")
        }
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            diagnostics.error(input, "the file is not valid UTF-8 text")
            return .failure(diagnostics)
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !isFurniture($0) }
        if lines.isEmpty {
            diagnostics.error(input, "the file holds no text to import")
        }
        if diagnostics.hasErrors { return .failure(diagnostics) }

        // Title and dateline.
        var rest = lines[...]
        var published = request.published
        var headline: String?
        if let first = rest.first, let date = dateline(first) {
            published = published ?? date
            if let next = rest.dropFirst().first, looksLikeHeadline(next) {
                headline = next
                rest = ([first] + rest.dropFirst(2))[...]
            }
        } else if let first = rest.first, looksLikeHeadline(first) {
            headline = first
            rest = rest.dropFirst()
        }
        let sha = ArchiveCheck.sha256Hex(bytes)
        let title = request.title ?? headline ?? "Untitled report from \(request.source)"

        // Slug.
        func taken(_ slug: String) -> Bool {
            exists("\(articlesFolder)/\(slug).md") || exists("\(articlesFolder)/\(slug).original.txt")
        }
        var slug: String
        if let given = request.slug {
            slug = given
        } else if request.title != nil || headline != nil, !SlugRule.slugify(title).isEmpty {
            slug = SlugRule.slugify(title)
            if taken(slug) { slug += "-\(request.source)" }
        } else {
            slug = "\(request.source)-\(sha.prefix(8))"
        }
        if taken(slug) {
            diagnostics.error(
                SourceLocation(path: "\(articlesFolder)/\(slug).md"),
                "article '\(slug)' already exists; refusing to overwrite it (choose another with --slug)")
            return .failure(diagnostics)
        }

        var frontMatter = "---\ntitle: \(yamlQuoted(title))\nsource: \(request.source)\n"
        if let published { frontMatter += "published: \(published)\n" }
        if let incident = request.incident { frontMatter += "incidents: [\(incident)]\n" }
        frontMatter += "archive: \(slug).original.txt\nsha256: \(sha)\n---\n"
        return .success(
            ImportedArticle(
                slug: slug, title: title, published: published, sha256: sha,
                markdownPath: "\(articlesFolder)/\(slug).md", markdown: frontMatter + workingCopy(Array(rest)),
                archivePath: "\(articlesFolder)/\(slug).original.txt", archive: bytes))
    }

    /// Reads the file, prepares the import and writes both files, never overwriting one.
    public static func run(_ request: ImportRequest) -> Result<ImportedArticle, Diagnostics> {
        guard let data = FileManager.default.contents(atPath: request.file) else {
            return .failure(Diagnostics([.error(SourceLocation(path: request.file), "file not found or not readable")]))
        }
        let root = URL(fileURLWithPath: request.into)
        let result = prepare([UInt8](data), request: request) { path in
            FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
        }
        guard case .success(let article) = result else { return result }
        do {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(articlesFolder), withIntermediateDirectories: true)
            try Data(article.archive).write(to: root.appendingPathComponent(article.archivePath), options: .withoutOverwriting)
            try Data(article.markdown.utf8).write(
                to: root.appendingPathComponent(article.markdownPath), options: .withoutOverwriting)
        } catch {
            return .failure(Diagnostics([.error(SourceLocation(path: article.markdownPath), "cannot write: \(error.localizedDescription)")]))
        }
        return result
    }

    // MARK: - Working copy

    /// One paragraph per line; lines starting with `- ` stay list items. Every Markdown-significant
    /// character is escaped, so the text renders as written.
    static func workingCopy(_ lines: [String]) -> String {
        var blocks: [String] = []
        for line in lines {
            if line.hasPrefix("- ") {
                let item = "- " + escape(String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces))
                if let last = blocks.last, last.hasPrefix("- ") {
                    blocks[blocks.count - 1] = last + "\n" + item
                } else {
                    blocks.append(item)
                }
            } else {
                blocks.append(escape(line))
            }
        }
        return blocks.isEmpty ? "" : blocks.joined(separator: "\n\n") + "\n"
    }

    /// Backslash-escapes Markdown syntax: inline markers anywhere, block markers at the line start.
    static func escape(_ line: String) -> String {
        var out = ""
        let inline: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "!"]
        for character in line {
            if inline.contains(character) { out.append("\\") }
            out.append(character)
        }
        // Block syntax at the start of a line: headings, list markers, thematic breaks, setext underlines.
        if let first = out.first, "#+-=".contains(first) {
            out = "\\" + out
        } else if let dot = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), dot != out.startIndex,
            out[dot] == "." || out[dot] == ")", out[..<dot].count <= 9
        {
            out.insert("\\", at: dot)  // "1. " would start an ordered list
        }
        return out
    }

    // MARK: - Recognising lines

    static let socialHosts = [
        "whatsapp.com", "twitter.com", "x.com", "facebook.com", "youtube.com", "instagram.com", "t.me",
        "tiktok.com", "linkedin.com", "telegram.me",
    ]

    /// Share links, comment and loading prompts, "Also read:" teasers, channel adverts, newsletter
    /// prompts and rules of underscores. "Original Source: …" and "SOURCE: …" lines are attribution
    /// and stay.
    public static func isFurniture(_ line: String) -> Bool {
        let lower = line.lowercased()
        if ["post comment", "loading now", "loading now...", "share", "share this article"].contains(lower) { return true }
        if lower.contains("share this story") { return true }
        for prefix in ["also read:", "read also:", "discover more from ", "subscribe to get the latest posts"]
        where lower.hasPrefix(prefix) {
            return true
        }
        if line.count >= 3, line.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "=" || $0 == "*" }) { return true }
        if lower.contains("(click here)") { return true }
        if lower.hasSuffix(" channel"), line.count <= 40, ["whatsapp", "telegram", "youtube"].contains(where: lower.hasPrefix) {
            return true
        }
        if lower.hasPrefix("follow "), lower.hasSuffix(":"), line.count <= 60 { return true }
        // A bare link to a social network.
        if !line.contains(" "), let url = URL(string: line), let host = url.host?.lowercased() {
            return socialHosts.contains { host == $0 || host.hasSuffix("." + $0) }
        }
        return false
    }

    /// A headline: short, not a sentence (no final period), not a dateline or a label ending in ':'.
    static func looksLikeHeadline(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard line.count <= 140, words.count >= 2, words.count <= 20 else { return false }
        if line.hasSuffix(".") || line.hasSuffix(":") || line.hasSuffix(",") || line.hasPrefix("- ") { return false }
        return dateline(line) == nil
    }

    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]
    static let weekdays = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]

    /// "Fri 20 September 2024:", "20 September 2024", "September 20, 2024": the date, or nil.
    public static func dateline(_ line: String) -> DayDate? {
        guard line.count <= 40 else { return nil }
        var words = line.lowercased().split(whereSeparator: { " ,:.".contains($0) }).map(String.init)
        if let first = words.first, weekdays.contains(first) || weekdays.contains(where: { first.hasPrefix($0) && first.hasSuffix("day") }) {
            words.removeFirst()
        }
        guard words.count == 3 else { return nil }
        func month(_ word: String) -> Int? {
            months.firstIndex { $0 == word || (word.count >= 3 && $0.hasPrefix(word) && word.count <= 4) }.map { $0 + 1 }
        }
        guard let year = Int(words[2]), words[2].count == 4 else { return nil }
        if let day = Int(words[0]), let m = month(words[1]) { return DayDate(year: year, month: m, day: day) }
        if let m = month(words[0]), let day = Int(words[1]) { return DayDate(year: year, month: m, day: day) }
        return nil
    }

    /// A YAML double-quoted string.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
