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

    public init(source: String = ".", output: String? = nil, strict: Bool = false, write: Bool = true,
                threads: Int = Parallel.defaultWidth) {
        self.source = source
        self.output = output
        self.strict = strict
        self.write = write
        self.threads = threads
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
        var (graph, resolveDiagnostics) = GraphResolver.resolve(content)
        diagnostics.append(contentsOf: resolveDiagnostics)
        let markdown = CmarkRenderer(options: MarkdownOptions(unsafeHTML: content.config.markdown.unsafeHTML))
        diagnostics.append(contentsOf: AnalystLayer.resolve(&graph, markdown: markdown, width: options.threads))
        let root = options.sourceURL.path
        let archives = ArchiveCheck.verify(&graph, read: { path in
            FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
        }, width: options.threads)
        diagnostics.append(contentsOf: archives.diagnostics)

        // 3. Plan.
        let plan = PagePlan(graph: graph)
        var result = BuildResult(diagnostics: diagnostics)
        result.pages = plan.pages.count
        if result.failed(strict: options.strict) { return result }

        // 4. Render, and 5. write.
        let renderer = SiteRenderer(graph: graph, markdown: markdown, templates: templates)
        guard options.write else {
            renderer.renderAll(plan, width: options.threads) { batch in result.files += batch.count }
            result.files += archives.files.count
            return result
        }
        let staged: StagedOutput
        do {
            staged = try StagedOutput(output: options.outputURL)
        } catch {
            result.diagnostics.error(SourceLocation(path: options.outputURL.path), "\(error)")
            return result
        }
        do {
            try renderer.renderAll(plan, width: options.threads) { batch in
                for file in batch { try staged.write(path: file.path, bytes: file.bytes) }
                result.files += batch.count
            }
            for file in archives.files { try staged.write(path: file.path, bytes: file.bytes) }
            result.files += archives.files.count
            try staged.commit()
        } catch {
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
