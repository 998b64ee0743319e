import Crypto
import DossierContent
import DossierDiagnostics
import DossierSite
import Foundation

/// Provenance: reads each article's archived original (`archive`, a file beside the article), checks
/// its SHA-256 against `sha256`, and returns a copy for the output, at `articles/SLUG/original.txt`,
/// so readers can verify it. Part of the resolve step: the render step never reads files.
public enum ArchiveCheck {
    /// Where the copy of an article's original goes in the output.
    public static func outputPath(_ slug: String) -> String { Routes.page(.articles, slug) + "original.txt" }

    /// An `archive` value must be a plain file name in `content/articles/`.
    public static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !name.contains("\u{0}") && !name.hasPrefix(".")
    }

    /// SHA-256 of `bytes`, hex: how archives, and the build cache's inputs, are hashed.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        SHA256.hash(data: bytes).hexString
    }

    /// Checks every article with provenance fields. `read` returns a file's bytes (relative to the
    /// dossier folder), or nil when it cannot be read. Sets `graph.analyst.archives` for verified originals.
    public static func verify(
        _ graph: inout SiteGraph, read: @Sendable (String) -> [UInt8]?, width: Int = Parallel.defaultWidth
    ) -> (files: [RenderedFile], diagnostics: Diagnostics) {
        struct Outcome: Sendable {
            var file: RenderedFile?
            var diagnostics = Diagnostics()
        }
        let outcomes = Parallel.map(graph.articles, width: width) { article -> Outcome in
            var outcome = Outcome()
            let fm = article.frontMatter
            guard let archive = fm.archive else {
                if fm.sha256 != nil {
                    outcome.diagnostics.error(article.location("sha256"), "sha256 is given but there is no archive field")
                }
                return outcome
            }
            guard isPlainFileName(archive) else {
                outcome.diagnostics.error(
                    article.location("archive"),
                    "archive must be a plain file name beside the article (no '/', no '..'), not '\(archive)'")
                return outcome
            }
            let folder = article.path.split(separator: "/").dropLast().joined(separator: "/")
            let path = folder.isEmpty ? archive : folder + "/" + archive
            guard let bytes = read(path) else {
                outcome.diagnostics.error(article.location("archive"), "archive file '\(path)' not found or not readable")
                return outcome
            }
            let actual = sha256Hex(bytes)
            guard let expected = fm.sha256 else {
                outcome.diagnostics.error(
                    article.location("archive"), "archive '\(archive)' has no sha256 field; its SHA-256 is \(actual)")
                return outcome
            }
            guard expected.lowercased() == actual else {
                outcome.diagnostics.error(
                    article.location("sha256"),
                    "SHA-256 mismatch for '\(path)': the file's is \(actual); the archive changed or the field is wrong")
                return outcome
            }
            outcome.file = RenderedFile(path: outputPath(article.slug), bytes: bytes)
            return outcome
        }
        var files: [RenderedFile] = []
        var diagnostics = Diagnostics()
        if graph.analyst.archives.count != graph.articles.count {
            graph.analyst.archives = [String?](repeating: nil, count: graph.articles.count)
        }
        for (r, outcome) in outcomes.enumerated() {
            diagnostics.append(contentsOf: outcome.diagnostics)
            if let file = outcome.file {
                files.append(file)
                graph.analyst.archives[r] = file.path
            }
        }
        return (files, diagnostics)
    }
}
