import ArgumentParser
import DossierContent
import DossierDiagnostics
import DossierKit
import Foundation

@main
struct Dossier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Build a cross-linked static site from an incident dossier.",
        discussion: """
            A dossier folder holds dossier.yml, content/{incidents,actors,sources,articles}/*.md \
            and, optionally, templates/ that override the built-in templates file by file.
            """,
        subcommands: [Build.self, Check.self, Import.self])
}

/// The build's result, kept until the process exits with the graph it holds (`BuildLeftovers`).
nonisolated(unsafe) var heldUntilExit: BuildResult?

struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The dossier folder, holding dossier.yml and content/.", valueName: "dir"))
    var source: String = "."

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: "Nothing is written unless the whole build succeeds; the previous output stays as it was.")

    @OptionGroup var common: SourceOptions

    @Option(name: .long, help: ArgumentHelp("The output folder (default: SOURCE/public).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Delete files in the output folder that dossier did not make, instead of stopping.")
    var clean = false

    @Flag(name: .long, help: "Ignore the build cache in SOURCE/.dossier-cache/ and do all the work.")
    var noCache = false

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let options = BuildOptions(
            source: common.source, output: output, strict: common.strict, write: true, clean: clean,
            useCache: !noCache)
        let result = Pipeline(options: options).run()
        Report.print(result.diagnostics)
        let seconds = Report.seconds(clock.now - start)
        if result.failed(strict: common.strict) {
            Report.stderr("build failed: \(Report.counts(result.diagnostics)); nothing was written (\(seconds))")
            throw ExitCode.failure
        }
        if result.upToDate {
            print(
                "up to date: \(result.files) files unchanged, \(result.diagnostics.warnings.count) warnings in \(seconds)")
            return
        }
        // Held until the process ends, so the build's graph is not freed piece by piece just before.
        heldUntilExit = result
        print(
            "built \(result.files) files (\(result.written) written, \(result.unchanged) unchanged, \(result.removed) removed), "
                + "\(result.diagnostics.warnings.count) warnings in \(seconds)")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole build without writing anything, and report every problem.")

    @OptionGroup var common: SourceOptions

    @Option(name: .long, help: ArgumentHelp("The output folder to check against (default: SOURCE/public).", valueName: "dir"))
    var output: String?

    func run() throws {
        let options = BuildOptions(source: common.source, output: output, strict: common.strict, write: false)
        let result = Pipeline(options: options).run()
        Report.print(result.diagnostics)
        if result.failed(strict: common.strict) {
            Report.stderr("check failed: \(Report.counts(result.diagnostics))")
            throw ExitCode.failure
        }
        print("check passed: \(result.pages) pages, \(Report.counts(result.diagnostics))")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a plain-text article: an archived original and a Markdown working copy.",
        discussion: """
            Writes content/articles/SLUG.original.txt (the file, byte for byte) and content/articles/SLUG.md \
            (front matter with the SHA-256, and the text with page furniture removed). Never overwrites a file.
            """)

    @Argument(help: ArgumentHelp("The plain-text article.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The source (outlet) slug.", valueName: "slug"))
    var source: String

    @Option(name: .long, help: ArgumentHelp("Publication date, YYYY-MM-DD.", valueName: "date"))
    var published: String?

    @Option(name: .long, help: ArgumentHelp("The incident the article reports on.", valueName: "slug"))
    var incident: String?

    @Option(name: .long, help: ArgumentHelp("The article's slug (default: from the title).", valueName: "slug"))
    var slug: String?

    @Option(name: .long, help: ArgumentHelp("The title (default: the headline line, if any).", valueName: "title"))
    var title: String?

    @Option(name: .long, help: ArgumentHelp("The dossier folder.", valueName: "dir"))
    var into: String = "."

    func run() throws {
        var date: DayDate?
        if let published {
            guard let parsed = DayDate(published) else {
                throw ValidationError("--published '\(published)' is not a date in the form YYYY-MM-DD")
            }
            date = parsed
        }
        let request = ImportRequest(
            file: file, source: source, published: date, incident: incident, slug: slug, title: title, into: into)
        switch ArticleImporter.run(request) {
        case .failure(let diagnostics):
            Report.print(diagnostics)
            throw ExitCode.failure
        case .success(let article):
            print("imported '\(article.title)' as \(article.markdownPath) and \(article.archivePath)")
        }
    }
}

enum Report {
    static func print(_ diagnostics: Diagnostics) {
        for diagnostic in diagnostics.sorted { stderr(diagnostic.description) }
    }

    static func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func counts(_ diagnostics: Diagnostics) -> String {
        let errors = diagnostics.errors.count, warnings = diagnostics.warnings.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    static func seconds(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(ms / 1000).\(String(format: "%03d", Int(ms % 1000)))s"
    }
}
