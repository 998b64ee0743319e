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
    /// Use and update the build cache in `SOURCE/.dossier-cache/` (`build` only).
    public var useCache: Bool

    public init(source: String = ".", output: String? = nil, strict: Bool = false, write: Bool = true,
                threads: Int = Parallel.defaultWidth, useCache: Bool = true) {
        self.source = source
        self.output = output
        self.strict = strict
        self.write = write
        self.threads = threads
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

    /// True when the run must exit non-zero.
    public func failed(strict: Bool) -> Bool {
        diagnostics.hasErrors || (strict && !diagnostics.warnings.isEmpty)
    }
}

/// The build pipeline as named steps: load, resolve and validate, plan, render, write.
/// `check` runs the same steps and skips the write.
public struct Pipeline: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() -> BuildResult {
        guard options.write, options.useCache else { return build(incremental: nil) }
        let cache = BuildCache(options: options)
        let previous = cache.previousManifest()
        let fingerprint = cache.fingerprint(previous: previous)
        let state = cache.incrementalState(fingerprint, previous: previous)
        if let result = state.upToDateResult { return result }
        let result = build(incremental: state)
        if result.wroteOutput, !result.failed(strict: options.strict) { cache.record(fingerprint, result: result) }
        return result
    }

    private func build(incremental: BuildCache.IncrementalState?) -> BuildResult {
        var diagnostics = Diagnostics()

        // 1. Load.
        let loader = ContentLoader(root: options.sourceURL.path)
        let (loaded, loadDiagnostics) = loader.load()
        diagnostics.append(contentsOf: loadDiagnostics)
        let templates = loadTemplates(&diagnostics)
        guard let content = loaded, let templates else {
            return BuildResult(diagnostics: diagnostics)
        }

        // 2. Resolve and validate.
        let (graph, resolveDiagnostics) = GraphResolver.resolve(content)
        diagnostics.append(contentsOf: resolveDiagnostics)

        // 3. Plan.
        let plan = PagePlan(graph: graph)
        var result = BuildResult(diagnostics: diagnostics)
        result.pages = plan.pages.count
        if result.failed(strict: options.strict) { return result }

        // 4. Render, and 5. write.
        let markdown = CmarkRenderer(options: MarkdownOptions(unsafeHTML: content.config.markdown.unsafeHTML))
        let renderer = SiteRenderer(graph: graph, markdown: markdown, templates: templates)
        guard options.write else {
            renderer.renderAll(plan, width: options.threads) { batch in result.files += batch.count }
            return result
        }
        let staged: any SiteOutputWriter
        do {
            if let previousFiles = incremental?.previousFiles {
                staged = try PatchedOutput(output: options.outputURL, previousFiles: previousFiles)
            } else {
                staged = try StagedOutput(output: options.outputURL)
            }
        } catch {
            result.diagnostics.error(SourceLocation(path: options.outputURL.path), "\(error)")
            return result
        }
        let background = BackgroundWriter(staged, width: options.threads)
        do {
            try renderer.renderAll(
                plan, previous: incremental?.previousPages ?? [:], salt: incremental?.salt, width: options.threads
            ) { batch in
                try background.submit(batch)
                result.files += batch.rendered.count + batch.kept.count
                for (path, fingerprint) in batch.fingerprints { result.pageFingerprints[path] = fingerprint }
            }
            try background.finish()
            try staged.commit()
        } catch {
            try? background.finish()
            staged.abort()
            result.diagnostics.error(SourceLocation(path: options.outputURL.path), "\(error)")
            return result
        }
        result.written = staged.report.written
        result.unchanged = staged.report.unchanged
        result.removed = staged.report.removed
        result.wroteOutput = true
        return result
    }

    private func loadTemplates(_ diagnostics: inout Diagnostics) -> TemplateSet? {
        switch TemplateSet.readOverrides(folder: options.sourceURL.appendingPathComponent("templates").path) {
        case .failure(let problems):
            diagnostics.append(contentsOf: problems)
            return nil
        case .success(let overrides):
            switch TemplateSet.compile(overrides: overrides) {
            case .failure(let problems):
                diagnostics.append(contentsOf: problems)
                return nil
            case .success(let set):
                return set
            }
        }
    }
}
