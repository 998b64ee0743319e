/// What a Markdown body becomes.
public struct RenderedMarkdown: Sendable, Equatable {
    /// HTML, one block element per line.
    public var html: String
    /// Every link and image destination in the document, after rewriting, in document order.
    public var links: [String]
    /// Where each of `links` starts in the Markdown text (same order), for positioned errors.
    public var linkPositions: [MarkdownPosition]
    /// Targets of `MarkdownInput.mentions` linked in the text, in order of first mention.
    public var mentioned: [Int]
    /// The document's text, whitespace-collapsed, when `MarkdownInput.plainText` asked for it.
    public var plainText: String
    /// The hashes of the plain text's words (`WordHasher`), when `MarkdownInput.wordHashes` asked for them.
    public var wordHashes: [UInt64]

    public init(
        html: String, links: [String] = [], linkPositions: [MarkdownPosition] = [], mentioned: [Int] = [],
        plainText: String = "", wordHashes: [UInt64] = []
    ) {
        self.html = html
        self.links = links
        self.linkPositions = linkPositions
        self.mentioned = mentioned
        self.plainText = plainText
        self.wordHashes = wordHashes
    }
}

/// A line and column (both from 1, the column in bytes) in a Markdown text.
public struct MarkdownPosition: Sendable, Equatable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A Markdown body and where its page sits.
public struct MarkdownInput: Sendable {
    public var text: String
    /// The relative path from the page to the site root, such as `../../`. Root-relative links
    /// (`/incidents/x/`) are rewritten against it, so the site works from any sub-path.
    public var siteRoot: String
    /// Aliases to link (first mention per target) in text nodes, or nil for none.
    public var mentions: MentionIndex?
    /// Also return the document's plain text.
    public var plainText: Bool
    /// Also return the hashes of the plain text's words, without building the text unless
    /// `plainText` asks for it too.
    public var wordHashes: Bool

    public init(
        _ text: String, siteRoot: String = "", mentions: MentionIndex? = nil, plainText: Bool = false,
        wordHashes: Bool = false
    ) {
        self.text = text
        self.siteRoot = siteRoot
        self.mentions = mentions
        self.plainText = plainText
        self.wordHashes = wordHashes
    }
}

/// The one method the rest of the program knows about Markdown.
public protocol MarkdownRenderer: Sendable {
    func render(_ input: MarkdownInput) -> RenderedMarkdown
}

/// Settings that hold for a whole build.
public struct MarkdownOptions: Sendable, Equatable {
    /// Pass raw HTML through (GFM's tagfilter still applies). Off by default.
    public var unsafeHTML: Bool

    public init(unsafeHTML: Bool = false) {
        self.unsafeHTML = unsafeHTML
    }
}
