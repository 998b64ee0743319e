import DossierContent

/// What a page shows.
public enum PageKind: Sendable, Hashable {
    case home
    case index(ContentKind)
    case incident(Int)
    case actor(Int)
    case source(Int)
    case article(Int)
}

/// One page to render: its output path (directory-style, `incidents/SLUG/index.html`) and kind.
public struct PlannedPage: Sendable, Hashable {
    public var path: String
    public var kind: PageKind

    /// The relative path from this page back to the site root: `./`, `../` or `../../`.
    public var siteRoot: String {
        let depth = path.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
        return depth == 0 ? "./" : String(repeating: "../", count: depth)
    }
}

/// URLs of pages, relative to the site root. Every link in the output is `siteRoot + Routes.x`.
public enum Routes {
    public static func folder(_ kind: ContentKind) -> String { "\(kind.rawValue)/" }
    public static func page(_ kind: ContentKind, _ slug: String) -> String { "\(kind.rawValue)/\(slug)/" }
    public static let stylesheet = "assets/style.css"
}

/// Step 3 of the pipeline: every page the site will have, in a stable order.
public struct PagePlan: Sendable {
    public var pages: [PlannedPage]

    public init(graph: SiteGraph) {
        var pages = Self.sectionPages
        // Slugs read in place: binding each document copied all of its fields.
        for i in graph.incidents.indices {
            pages.append(PlannedPage(path: Routes.page(.incidents, graph.incidents[i].slug) + "index.html", kind: .incident(i)))
        }
        for i in graph.actors.indices {
            pages.append(PlannedPage(path: Routes.page(.actors, graph.actors[i].slug) + "index.html", kind: .actor(i)))
        }
        for i in graph.sources.indices {
            pages.append(PlannedPage(path: Routes.page(.sources, graph.sources[i].slug) + "index.html", kind: .source(i)))
        }
        for i in graph.articles.indices {
            pages.append(PlannedPage(path: Routes.page(.articles, graph.articles[i].slug) + "index.html", kind: .article(i)))
        }
        self.pages = pages
    }

    /// The home page and each section's index.
    static var sectionPages: [PlannedPage] {
        [PlannedPage(path: "index.html", kind: .home)]
            + ContentKind.allCases.map { PlannedPage(path: Routes.folder($0) + "index.html", kind: .index($0)) }
    }

    /// The paths of the pages of a site with these documents (by kind, their slugs), as
    /// `init(graph:)` plans them, though not in its order: known as soon as the content files are
    /// listed, so that the pages' folders can be made while the files are read (`FolderMaker`).
    public static func paths(slugs: [(kind: ContentKind, slug: String)]) -> [String] {
        sectionPages.map(\.path) + slugs.map { Routes.page($0.kind, $0.slug) + "index.html" }
    }
}
