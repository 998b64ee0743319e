import DossierConfig
import DossierDiagnostics

/// The four kinds of content file, each in its own folder under `content/`.
public enum ContentKind: String, Sendable, CaseIterable, Hashable {
    case incidents, actors, sources, articles

    /// The singular noun, for messages.
    public var singular: String {
        switch self {
        case .incidents: return "incident"
        case .actors: return "actor"
        case .sources: return "source"
        case .articles: return "article"
        }
    }
}

/// A loaded content file: its slug, where it is, its typed front matter and its Markdown body.
public struct Document<FrontMatter: YAMLDocumentModel>: Sendable {
    public var slug: String
    /// Relative to the dossier folder, e.g. `content/articles/x.md`.
    public var path: String
    public var frontMatter: FrontMatter
    public var body: String
    public var bodyLine: Int
    /// The YAML text, kept to locate fields in errors found after decoding.
    public var frontMatterText: String
    public var frontMatterLine: Int

    public init(
        slug: String, path: String, frontMatter: FrontMatter, body: String, bodyLine: Int = 1,
        frontMatterText: String = "", frontMatterLine: Int = 2
    ) {
        self.slug = slug
        self.path = path
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLine = bodyLine
        self.frontMatterText = frontMatterText
        self.frontMatterLine = frontMatterLine
    }

    /// The position of a front-matter value, such as `["actors", 2, "actor"]`.
    public func location(of path: [YAMLPathComponent]) -> SourceLocation {
        YAMLDecoding.location(
            of: path, in: frontMatterText, origin: .init(path: self.path, firstLine: frontMatterLine))
    }

    public func location(_ components: YAMLPathComponent...) -> SourceLocation {
        location(of: components)
    }

    /// The position of the file itself.
    public var fileLocation: SourceLocation { SourceLocation(path: path, line: 1, column: 1) }
}

public typealias IncidentDocument = Document<IncidentFrontMatter>
public typealias ActorDocument = Document<ActorFrontMatter>
public typealias SourceDocument = Document<SourceFrontMatter>
public typealias ArticleDocument = Document<ArticleFrontMatter>

/// A content file's digest as the loader read it, and the file's `fstat` at that moment.
public struct ContentFileDigest: Sendable, Equatable {
    public var digest: String
    public var info: FileInfo?
}

/// Everything read from a dossier folder, each list sorted by slug.
public struct LoadedContent: Sendable {
    public var config: DossierConfig
    public var incidents: [IncidentDocument]
    public var actors: [ActorDocument]
    public var sources: [SourceDocument]
    public var articles: [ArticleDocument]
    /// "kind/slug" of the files that exist but did not load (their errors are reported), so that
    /// references to them are not reported a second time as unknown.
    public var unloaded: Set<String> = []
    /// Each content file's `ContentLoader.digest`, by path relative to the dossier folder, with
    /// what `fstat` said of the file before its bytes were read.
    public var fileDigests: [String: ContentFileDigest] = [:]

    public init(
        config: DossierConfig, incidents: [IncidentDocument] = [], actors: [ActorDocument] = [],
        sources: [SourceDocument] = [], articles: [ArticleDocument] = []
    ) {
        self.config = config
        self.incidents = incidents
        self.actors = actors
        self.sources = sources
        self.articles = articles
    }
}

extension YAMLPathComponent: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}
