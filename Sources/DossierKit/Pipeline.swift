import DossierConfig
import DossierContent
import DossierDiagnostics
import DossierMarkdown
import DossierOutput
import DossierSite
import DossierTemplates
import Foundation

/// What `dossier build` and `dossier check` are asked to do.
public struct BuildOptions: Sendable {
    /// The dossier folder (holding `dossier.yml` and `content/`).
    public var source: String
    /// The output folder; `SOURCE/public` when nil.
    public var output: String?
    /// Treat warnings as errors.
    public var strict: Bool
    /// Write the site (`build`) or only check it (`check`).
    public var write: Bool
    /// Render worker count.
    public var threads: Int
    /// Delete files in the output that dossier did not make, instead of stopping with an error.
    public var clean: Bool
    /// Where content files are read from (tests inject their own).
    public var fileSystem: any ContentFileSystem
    /// Use and update the build cache in `SOURCE/.dossier-cache/` (`build` only).
    public var useCache: Bool

    public init(source: String = ".", output: String? = nil, strict: Bool = false, write: Bool = true,
                threads: Int = Parallel.defaultWidth, clean: Bool = false,
                fileSystem: any ContentFileSystem = LocalFileSystem(), useCache: Bool = true) {
        self.source = source
        self.output = output
        self.strict = strict
        self.write = write
        self.threads = threads
        self.clean = clean
        self.fileSystem = fileSystem
        self.useCache = useCache
    }

    public var sourceURL: URL { URL(fileURLWithPath: source).standardizedFileURL }
    public var outputURL: URL {
        output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? sourceURL.appendingPathComponent("public")
    }
}

/// What a run did.
public struct BuildResult: Sendable {
    public var diagnostics: Diagnostics
    /// Files in the generated site (pages and assets).
    public var files: Int = 0
    public var pages: Int = 0
    public var written: Int = 0
    public var unchanged: Int = 0
    public var removed: Int = 0
    public var wroteOutput = false
    /// The build cache showed that inputs and output are as the previous build left them.
    public var upToDate = false
    /// Each page's view-model fingerprint, for the build cache.
    public var pageFingerprints: [String: String] = [:]
    /// The output's files after the swap (exactly the staged ones), for the build cache.
    var outputFiles: [String]?
    /// The `fstat` of each file the build wrote, as it was written (the swap leaves files as they are).
    var writtenFiles: [String: FileInfo] = [:]
    /// How many article bodies were parsed (the others' analyses came from the build cache).
    public var analysedArticles = 0
    /// The write of every page's link check to the build cache, in the background.
    var linkCache: BackgroundResult<Void>?
    /// The site's graph, plan and renderer, freed with the result (see `BuildLeftovers`).
    public var leftovers: BuildLeftovers?

    /// True when the run must exit non-zero.
    public func failed(strict: Bool) -> Bool {
        diagnostics.failed(strict: strict)
    }
}

/// What a build worked with (the site's graph, plan and renderer), held by its result so that whoever
/// holds the result decides when it is freed. The command line ends without freeing it: freeing the
/// graph of a 10,000-article site took about 10 ms of the build's last, serial step.
public final class BuildLeftovers: @unchecked Sendable {
    // Only held, never read: nothing is shared between threads through it.
    private let values: [Any]

    init(_ values: [Any]) { self.values = values }
}

/// The build pipeline as named steps: load, resolve and validate, plan, render, write.
/// `check` runs the same steps and skips the write.
public struct Pipeline: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() -> BuildResult {
        if let problem = OutputSafety.problem(output: options.outputURL, source: options.sourceURL) {
            return BuildResult(diagnostics: Diagnostics([.error(SourceLocation(path: options.outputURL.path), problem)]))
        }
        // The cache only serves builds with a file system it can see: the real one.
        guard options.write, options.useCache, options.fileSystem is LocalFileSystem else {
            return build(incremental: nil)
        }
        var timer = PhaseTimer()
        let cache = BuildCache(options: options)
        let previous = cache.previousManifest()
        // With no previous manifest (a cold build) nothing can be up to date, and the fingerprint
        // (a walk of every input) is taken in the background while the content loads: only the
        // render's salt and the record at the end wait for it.
        let fingerprint: BackgroundResult<BuildCache.Fingerprint>
        let state: BuildCache.IncrementalState
        if previous == nil {
            fingerprint = BackgroundResult { cache.fingerprint(previous: nil) }
            state = cache.coldState(taking: fingerprint)
        } else {
            fingerprint = BackgroundResult(ready: cache.fingerprint(previous: previous))
            state = cache.incrementalState(fingerprint.wait(), previous: previous)
        }
        timer.mark("cache check")
        if let result = state.upToDateResult { return result }
        // The loader's digests go into the fingerprint as soon as the files are read, in the
        // background, instead of on the build's last, serial step.
        var completing: BackgroundResult<BuildCache.Fingerprint>?
        let result = build(incremental: state) { digests in
            completing = BackgroundResult { cache.completed(fingerprint.wait(), loaderDigests: digests) }
        }
        timer = PhaseTimer()
        let completed = completing?.wait()
        if result.wroteOutput, !result.failed(strict: options.strict) {
            cache.record(completed ?? cache.completed(fingerprint.wait(), loaderDigests: [:]), result: result)
        }
        result.linkCache?.wait()  // also when nothing is recorded: the process must not end mid-write
        timer.mark("cache record")
        return result
    }

    /// `loaded`: called with the content files' digests once they are read (none without the build cache).
    private func build(
        incremental: BuildCache.IncrementalState?, loaded contentLoaded: ([String: ContentFileDigest]) -> Void = { _ in }
    ) -> BuildResult {
        var diagnostics = Diagnostics()
        var timer = PhaseTimer()
        let output = options.outputURL

        // 1. Load. With the build cache, the loader hashes every content file it reads: a cold build's
        // fingerprint takes those hashes (`BuildCache.completed`), and the articles' analyses are
        // keyed on them, so no body is hashed twice.
        let frontMatterCache = incremental?.loadFrontMatterCache() ?? FrontMatterCache()
        let loader = ContentLoader(
            root: options.sourceURL.path, fileSystem: options.fileSystem, frontMatterCache: frontMatterCache,
            digest: incremental == nil ? nil : ArchiveCheck.sha256Hex)
        // The staging tree is made as soon as the content files are listed, and the pages' folders
        // begin to be made in it on a thread of their own while the files are read (`FolderMaker`).
        // A later error throws it away.
        var staged: StagedOutput?
        var stagingProblem: Error?
        // The templates are read and compiled meanwhile, on another thread (a fixed 10 to 15 ms).
        let templateLoad = BackgroundResult { [self] in
            var problems = Diagnostics()
            return (templates: loadTemplates(&problems), problems: problems)
        }
        let (loaded, loadDiagnostics) = loader.load { listed in
            guard options.write else { return }
            do {
                staged = try StagedOutput(output: output, outputFiles: incremental?.previousFiles)
                staged?.makeFolders(holding: PagePlan.paths(slugs: listed))
            } catch {
                stagingProblem = error
            }
        }
        // The articles' front matter is stored for the next builds at once, in the background, as
        // the analyses are: each entry is keyed on its YAML text, so it is valid whatever becomes of
        // this build. The task gets the texts and values, not the documents, whose bodies must be
        // free to go after the analysis (item 36 of docs/performance.md).
        var frontMatterWrite: BackgroundResult<Void>?
        defer { frontMatterWrite?.wait() }
        if let incremental, let articles = loaded?.articles {
            let entries = articles.map { (text: $0.frontMatterText, value: $0.frontMatter) }
            frontMatterWrite = BackgroundResult {
                // Stored again only when some article's front matter was not in it, or is gone.
                let hits = entries.filter { frontMatterCache.articles[$0.text] != nil }.count
                guard hits != entries.count || frontMatterCache.articles.count != entries.count else { return }
                incremental.storeFrontMatter(entries)
            }
        }
        diagnostics.append(contentsOf: loadDiagnostics)
        // Reported, and the other checks still run; the build fails and writes nothing.
        if let stagingProblem { diagnostics.error(SourceLocation(path: output.path), "\(stagingProblem)") }
        let (templates, templateProblems) = templateLoad.wait()
        diagnostics.append(contentsOf: templateProblems)
        let statics = StaticFiles.list(source: options.sourceURL)
        diagnostics.append(contentsOf: statics.diagnostics)
        // `content` stays a `let`: a copy made to clear its digests kept the loaded documents, bodies
        // and all, alive through the analyst step (55 MiB more peak at 100,000 articles).
        guard let content = loaded, let templates else {
            staged?.abort()
            return BuildResult(diagnostics: diagnostics)
        }
        let contentDigests = content.fileDigests
        contentLoaded(contentDigests)
        timer.mark("load")

        // 2. Resolve and validate.
        var (graph, resolveDiagnostics) = GraphResolver.resolve(content)
        diagnostics.append(contentsOf: resolveDiagnostics)
        let markdown = CmarkRenderer(options: MarkdownOptions(unsafeHTML: content.config.markdown.unsafeHTML))
        timer.mark("resolve")
        let analysisSalt = incremental.map { "\($0.tool)\u{0}unsafeHTML=\(content.config.markdown.unsafeHTML)" }
        diagnostics.append(
            contentsOf: AnalystLayer.resolve(
                &graph, markdown: markdown, width: options.threads, cache: incremental?.loadAnalysisCache(), salt: analysisSalt,
                // `contentDigests`, not `content.fileDigests`: naming `content` here kept every loaded
                // document, bodies and all, alive through the analyst step (1,982,036 KiB peak at
                // 100,000 articles against 1,684,632 KiB).
                fileDigests: contentDigests))
        // The analyses are stored at once, in the background, so they are not held through rendering.
        var analysisWrite: BackgroundResult<Void>?
        defer { analysisWrite?.wait() }
        if let incremental, let analyses = graph.analyst.analysisCache {
            graph.analyst.analysisCache = nil
            analysisWrite = BackgroundResult { incremental.storeAnalyses(analyses) }
        }
        timer.mark("analyst layer")
        let root = options.sourceURL.path
        let archives = ArchiveCheck.verify(&graph, read: { path in
            FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
        }, width: options.threads)
        diagnostics.append(contentsOf: archives.diagnostics)
        // After the analysis, so actors found by mention count as referenced.
        diagnostics.append(contentsOf: ContentWarnings.check(graph))
        timer.mark("archives and warnings")

        // 3. Plan.
        let plan = PagePlan(graph: graph)
        let renderer = SiteRenderer(graph: graph, markdown: markdown, templates: templates)
        diagnostics.append(contentsOf: BuildChecks.templateKeys(templates, builder: renderer.builder, plan: plan))
        var result = BuildResult(diagnostics: diagnostics)
        result.pages = plan.pages.count
        result.analysedArticles = graph.analyst.parsedArticles

        // 4. Render every page, even after an error, so one run reports every problem;
        // 5. stage the files only while nothing has failed, and swap them in at the end.
        // Pages whose view model is the same as in the previous build are not rendered again:
        // their file is hard-linked from the previous output, which the cache found intact.
        timer.mark("plan")
        var checks = BuildChecks(
            options: options, graph: graph, markdown: markdown, previousLinks: incremental?.loadLinkCache(),
            outputFiles: incremental?.previousFiles)
        timer.mark("content links")
        if result.failed(strict: options.strict) {
            staged?.abort()
            staged = nil
        }
        let background = staged.map { BackgroundWriter($0, width: options.threads) }
        do {
            var extra: [RenderedFile] = []
            for file in statics.files {
                guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
                    result.diagnostics.error(SourceLocation(path: "static/" + file.path), "cannot read file")
                    continue
                }
                let bytes = [UInt8](data)
                checks.noteStatic(path: file.path, bytes: bytes)
                extra.append(RenderedFile(path: file.path, bytes: bytes))
            }
            // The archived originals, copied as they are so readers can verify them.
            extra.append(contentsOf: checks.note(archives.files))
            try background?.submit(PageBatch(rendered: extra))
            let previousPages = incremental?.previousPages ?? [:]
            try renderer.renderAll(plan, previous: previousPages, salt: incremental?.salt, width: options.threads) {
                batch in
                var checked = batch
                checked.rendered = checks.note(batch.rendered)
                for (path, fingerprint) in batch.fingerprints { result.pageFingerprints[path] = fingerprint }
                // Kept pages are checked too: their links and ids take part in the link check.
                checks.noteKept(batch.kept, fingerprints: result.pageFingerprints, output: output.path)
                try background?.submit(checked)
                result.files += batch.rendered.count + batch.kept.count
            }
            timer.mark("render")
            result.files += statics.files.count + archives.files.count
            // The link checks need only the scans taken while rendering, so they run while the
            // writer still makes the last batches' folders and files.
            result.diagnostics.append(
                contentsOf: checks.finish(
                    fingerprints: incremental == nil ? nil : result.pageFingerprints, linkCachePath: incremental?.linkPath))
            result.linkCache = checks.linkCache
            timer.mark("link checks")
            try background?.finish()
            timer.mark("writer drain")
            guard let staged, !result.failed(strict: options.strict) else {
                staged?.abort()
                return result
            }
            try staged.commit()
            timer.mark("commit")
            result.files += 1  // the manifest, which `commit` writes
            result.written = staged.report.written
            result.unchanged = staged.report.unchanged
            result.removed = staged.report.removed
            result.wroteOutput = true
            result.outputFiles = staged.stagedFiles
            result.writtenFiles = staged.writtenFiles
            result.leftovers = BuildLeftovers([graph, plan, renderer, checks])
        } catch {
            try? background?.finish()
            staged?.abort()
            result.diagnostics.error(SourceLocation(path: output.path), "\(error)")
        }
        return result
    }

    private func loadTemplates(_ diagnostics: inout Diagnostics) -> TemplateSet? {
        switch TemplateSet.readOverrides(folder: options.sourceURL.appendingPathComponent("templates").path) {
        case .failure(let problems):
            diagnostics.append(contentsOf: problems)
            return nil
        case .success(let overrides):
            // A template that does not parse is reported and replaced by the built-in one, so the
            // other checks still run; the build fails on the error anyway.
            let (set, problems) = TemplateSet.compileReporting(overrides: overrides)
            diagnostics.append(contentsOf: problems)
            return set
        }
    }
}
