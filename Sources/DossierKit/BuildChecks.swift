import DossierContent
import DossierDiagnostics
import DossierMarkdown
import DossierOutput
import DossierSite
import DossierTemplates
import Foundation

/// The checks that need the rendered site: links and anchors (in the content and in the generated
/// pages), `static/` files that collide with pages, and files in the output that dossier did not make.
/// The pipeline feeds it every file as it is rendered, before anything is swapped into the output.
struct BuildChecks {
    let options: BuildOptions
    let graph: SiteGraph
    private var links = LinkChecker()
    private var inventory: OutputInventory
    private var contentLinks: [ContentLink]
    private var staticPaths = Set<String>()
    private var diagnostics = Diagnostics()
    /// The previous build's link checks, and this build's, to record.
    private let previousLinks: LinkCheckCache?
    private(set) var linkCache: BackgroundResult<Void>?

    /// `outputFiles`: the output's files, when the build cache just found them as it left them.
    init(
        options: BuildOptions, graph: SiteGraph, markdown: any MarkdownRenderer, previousLinks: LinkCheckCache? = nil,
        outputFiles: [String]? = nil
    ) {
        self.options = options
        self.graph = graph
        self.previousLinks = previousLinks
        self.inventory = OutputInventory(output: options.outputURL, files: outputFiles)
        self.contentLinks = ContentLink.collect(graph: graph, markdown: markdown, width: options.threads)
    }

    /// Keys named by the dossier's own templates that no view model provides.
    static func templateKeys(_ templates: TemplateSet, builder: PageBuilder, plan: PagePlan) -> Diagnostics {
        var diagnostics = Diagnostics()
        let templateFiles = templates.overrides.keys.filter { $0.hasSuffix(".\(TemplateSet.templateExtension)") }
        guard !templateFiles.isEmpty else { return diagnostics }
        let known = ViewModelKeys.names(builder: builder, plan: plan)
        for name in templateFiles.sorted() {
            diagnostics.append(
                contentsOf: TemplateKeyCheck.check(templates.overrides[name]!, path: "templates/\(name)", known: known))
        }
        return diagnostics
    }

    mutating func noteStatic(path: String, bytes: [UInt8]) {
        staticPaths.insert(path)
        links.addFile(path)
        inventory.note(path: path, bytes: bytes)
    }

    /// Record a batch of rendered files; returns the ones to stage.
    mutating func note(_ batch: [RenderedFile]) -> [RenderedFile] {
        let scans = links.scan(batch, width: options.threads)
        var keep: [RenderedFile] = []
        keep.reserveCapacity(batch.count)
        var pages: [(path: String, scan: LinkChecker.PageScan)] = []
        pages.reserveCapacity(batch.count)
        for (file, scan) in zip(batch, scans) {
            if staticPaths.contains(file.path) {
                diagnostics.error(
                    SourceLocation(path: StaticFiles.folder + "/" + file.path),
                    "this file has the path of a page or asset that dossier generates; rename it")
                continue
            }
            if let scan { pages.append((file.path, scan)) } else { links.addFile(file.path) }
            inventory.note(path: file.path, bytes: file.bytes)
            keep.append(file)
        }
        links.add(scanned: pages)
        return keep
    }

    /// Record the pages kept from the previous output (`fingerprints`: this build's, by path).
    /// Their scans come from the previous build's link checks when recorded under the same
    /// fingerprint (same fingerprint, same bytes); otherwise the file is read back and scanned.
    mutating func noteKept(_ paths: [String], fingerprints: [String: String], output: String) {
        var unknown: [String] = []
        var cachedScans: [(path: String, scan: HTMLScan)] = []
        for path in paths {
            if staticPaths.contains(path) {
                diagnostics.error(
                    SourceLocation(path: StaticFiles.folder + "/" + path),
                    "this file has the path of a page or asset that dossier generates; rename it")
                continue
            }
            if let cached = previousLinks?.pages[path], let fingerprint = fingerprints[path], cached.fingerprint == fingerprint {
                cachedScans.append((path, cached.scan))
                inventory.noteKept(path: path)
            } else {
                unknown.append(path)
            }
        }
        // As rendered pages are (`note`): an edit rebuild keeps nearly every page.
        links.add(pages: cachedScans, width: options.threads)
        guard !unknown.isEmpty else { return }
        _ = note(unknown.map { path in
            let data = FileManager.default.contents(atPath: output + "/" + path) ?? Data()
            return RenderedFile(path: path, bytes: [UInt8](data))
        })
    }

    /// The problems found once every file is rendered. With `fingerprints` (every page's, when the
    /// build cache is in use), reuses the previous build's results for pages whose links cannot
    /// have changed, and sets `linkCache` for the next build.
    /// `linkCachePath`: where that cache is written, in the background, as soon as it is encoded.
    mutating func finish(fingerprints: [String: String]? = nil, linkCachePath: String? = nil) -> Diagnostics {
        var result = diagnostics
        guard let fingerprints else {
            result.append(contentsOf: links.check(contentLinks, skip: failedToLoad))
            result.append(contentsOf: links.checkPages(excluding: contentLinks, width: options.threads, displayPath: displayPath))
            result.append(contentsOf: foreignFileProblems())
            return result
        }
        var excludedLinks: [String: [String]] = [:]
        for link in contentLinks { excludedLinks[link.page, default: []].append(link.href) }
        let excluded = excludedLinks.mapValues(LinkCheckCache.excludedKey)
        // The digest of every file and id decides whether the previous build's problems hold; with
        // no previous link checks (a cold build) nothing waits for it, and it is taken in the
        // background with the cache it goes into. Otherwise it is taken beside the content links' check.
        let environment: String?
        if previousLinks == nil {
            result.append(contentsOf: links.check(contentLinks, skip: failedToLoad))
            environment = nil
        } else {
            let (contentProblems, digest) = Parallel.both(
                { [links, contentLinks, self] in links.check(contentLinks, skip: failedToLoad) },
                { [links] in LinkCheckCache.environment(files: links.files, ids: links.ids) })
            result.append(contentsOf: contentProblems)
            environment = digest
        }
        let previous = environment != nil && previousLinks?.environment == environment ? previousLinks : nil
        let (pageDiagnostics, problems) = links.checkPages(
            excluding: contentLinks, width: options.threads, displayPath: displayPath,
            reuse: { page in
                guard let cached = previous?.pages[page], cached.fingerprint == fingerprints[page],
                    cached.excluded == excluded[page] ?? ""
                else { return nil }
                return cached.problems
            })
        result.append(contentsOf: pageDiagnostics)
        // Encoded page by page: gathering every page's scan again would hold every link twice. In the
        // background, and written at once (not held until the cache is recorded, which would add it to
        // the peak memory): nothing waits for it before the output's swap. A build that fails still
        // writes it; each page's entry is reused only for the same fingerprint and environment.
        if let linkCachePath {
            linkCache = BackgroundResult { [links] in
                let environment = environment ?? LinkCheckCache.environment(files: links.files, ids: links.ids)
                var next = LinkCheckCache.Encoder(environment: environment, linkValues: links.linkValues)
                links.forEachPage { page, ids, pageLinks in
                    guard let fingerprint = fingerprints[page] else { return }
                    next.add(
                        path: page, fingerprint: fingerprint, excluded: excluded[page] ?? "", ids: ids, links: pageLinks,
                        problems: problems[page] ?? [])
                }
                BuildCache.writeAtomically(to: linkCachePath) { next.finish(into: &$0) }
            }
        }
        result.append(contentsOf: foreignFileProblems())
        return result
    }

    private func foreignFileProblems() -> Diagnostics {
        var result = Diagnostics()
        if !options.clean {
            for path in inventory.foreignFiles {
                result.error(
                    SourceLocation(path: displayPath(path)),
                    "this file was not made by dossier and the build would delete or overwrite it; "
                        + "move it to static/ to keep it, or build with --clean to delete it")
            }
        }
        return result
    }

    /// True for the page of a content file that exists but did not load: its own errors explain
    /// why, so links to it are not reported again.
    private func failedToLoad(_ outputPath: String) -> Bool {
        let parts = outputPath.split(separator: "/")
        guard parts.count == 3, parts[2] == "index.html", let kind = ContentKind(rawValue: String(parts[0])) else {
            return false
        }
        let slug = String(parts[1])
        let loaded: Bool
        switch kind {
        case .incidents: loaded = graph.incidentIndex[slug] != nil
        case .actors: loaded = graph.actorIndex[slug] != nil
        case .sources: loaded = graph.sourceIndex[slug] != nil
        case .articles: loaded = graph.articleIndex[slug] != nil
        }
        let file = options.sourceURL.path + "/content/\(kind.rawValue)/\(slug).md"
        return !loaded && options.fileSystem.fileExists(atPath: file)
    }

    /// An output path as diagnostics show it: relative to the dossier folder when the output is inside it.
    func displayPath(_ outputPath: String) -> String {
        let source = options.sourceURL.path
        let output = options.outputURL.path
        if output.hasPrefix(source + "/") {
            return String(output.dropFirst(source.count + 1)) + "/" + outputPath
        }
        return output + "/" + outputPath
    }
}
