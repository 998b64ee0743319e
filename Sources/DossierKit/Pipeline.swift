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

    public init(source: String = ".", output: String? = nil, strict: Bool = false, write: Bool = true,
                threads: Int = Parallel.defaultWidth, clean: Bool = false,
                fileSystem: any ContentFileSystem = LocalFileSystem()) {
        self.source = source
        self.output = output
        self.strict = strict
        self.write = write
        self.threads = threads
        self.clean = clean
        self.fileSystem = fileSystem
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
        let output = options.outputURL
        if let problem = OutputSafety.problem(output: output, source: options.sourceURL) {
            diagnostics.error(SourceLocation(path: output.path), problem)
            return BuildResult(diagnostics: diagnostics)
        }

        // 1. Load.
        let loader = ContentLoader(root: options.sourceURL.path, fileSystem: options.fileSystem)
        let (loaded, loadDiagnostics) = loader.load()
        diagnostics.append(contentsOf: loadDiagnostics)
        let templates = loadTemplates(&diagnostics)
        let statics = StaticFiles.list(source: options.sourceURL)
        diagnostics.append(contentsOf: statics.diagnostics)
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
        // After the analysis, so actors found by mention count as referenced.
        diagnostics.append(contentsOf: ContentWarnings.check(graph))

        // 3. Plan.
        let plan = PagePlan(graph: graph)
        let renderer = SiteRenderer(graph: graph, markdown: markdown, templates: templates)
        diagnostics.append(contentsOf: BuildChecks.templateKeys(templates, builder: renderer.builder, plan: plan))
        var result = BuildResult(diagnostics: diagnostics)
        result.pages = plan.pages.count

        // 4. Render every page, even after an error, so one run reports every problem;
        // 5. stage the files only while nothing has failed, and swap them in at the end.
        var checks = BuildChecks(options: options, graph: graph, markdown: markdown)
        var staged: StagedOutput?
        if options.write && !result.failed(strict: options.strict) {
            do {
                staged = try StagedOutput(output: output)
            } catch {
                result.diagnostics.error(SourceLocation(path: output.path), "\(error)")
                return result
            }
        }
        do {
            for file in statics.files {
                guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
                    result.diagnostics.error(SourceLocation(path: "static/" + file.path), "cannot read file")
                    continue
                }
                let bytes = [UInt8](data)
                checks.noteStatic(path: file.path, bytes: bytes)
                try staged?.write(path: file.path, bytes: bytes)
            }
            try renderer.renderAll(plan, width: options.threads) { batch in
                for file in checks.note(batch) { try staged?.write(path: file.path, bytes: file.bytes) }
                result.files += batch.count
            }
            // The archived originals, copied as they are so readers can verify them.
            for file in checks.note(archives.files) { try staged?.write(path: file.path, bytes: file.bytes) }
            result.files += statics.files.count + archives.files.count
            result.diagnostics.append(contentsOf: checks.finish())
            guard let staged, !result.failed(strict: options.strict) else {
                staged?.abort()
                return result
            }
            try staged.commit()
            result.written = staged.report.written
            result.unchanged = staged.report.unchanged
            result.removed = staged.report.removed
            result.wroteOutput = true
        } catch {
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
