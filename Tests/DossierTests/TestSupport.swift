import DossierContent
import DossierKit
import DossierMarkdown
import DossierSite
import Foundation
import Testing

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The repository root, found from this file's location.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The project's shared folder (seeds, GFM spec, benchmark generator), beside the clone;
    /// `DOSSIER_SHARED_DIR` overrides it.
    static var sharedFolder: URL {
        if let path = ProcessInfo.processInfo.environment["DOSSIER_SHARED_DIR"] { return URL(fileURLWithPath: path) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The Bamako dossier of the repository, loaded and resolved with its analyst's layer: the view
    /// models of every page it plans.
    static func bamakoPages() throws -> (builder: PageBuilder, plan: PagePlan) {
        let (loaded, loadDiagnostics) = ContentLoader(root: repositoryRoot.path).load()
        let content = try #require(loaded, "\(loadDiagnostics.sorted)")
        var (graph, _) = GraphResolver.resolve(content)
        let markdown = CmarkRenderer()
        _ = AnalystLayer.resolve(&graph, markdown: markdown, width: 2)
        return (PageBuilder(graph: graph, markdown: markdown), PagePlan(graph: graph))
    }

    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/DossierTests/Fixtures/\(name)")
    }

    /// A new empty folder for one test (see `ScratchFolders`).
    static func temporaryFolder(_ label: String = "dossier-test") throws -> URL {
        try ScratchFolders.make(label)
    }

    /// Build `source` into a new temporary folder and return the folder and the result.
    static func build(_ source: URL, threads: Int = 2) throws -> (output: URL, result: BuildResult) {
        let output = try temporaryFolder("dossier-out").appendingPathComponent("public")
        let result = Pipeline(options: BuildOptions(source: source.path, output: output.path, threads: threads)).run()
        return (output, result)
    }

    /// Every regular file under `folder`, as sorted relative paths.
    static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.path + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    static func read(_ folder: URL, _ path: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    /// The href values of a page, in order.
    static func hrefs(in html: String) -> [String] {
        var results: [String] = []
        var rest = html[...]
        while let range = rest.range(of: "href=\"") {
            let after = rest[range.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            results.append(String(after[..<end]))
            rest = after[end...]
        }
        return results
    }

    /// Resolve a relative href found on the page at `pagePath` to the file it names, or nil when
    /// it leaves the site or is external.
    static func resolve(_ href: String, from pagePath: String) -> String? {
        if href.contains("://") || href.hasPrefix("mailto:") || href.hasPrefix("#") { return nil }
        var parts = pagePath.split(separator: "/").map(String.init)
        parts.removeLast()  // the page's file name
        let target = href.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
        for component in target.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "..":
                if parts.isEmpty { return "<outside the site>" }
                parts.removeLast()
            case ".", "": continue
            default: parts.append(String(component))
            }
        }
        let joined = parts.joined(separator: "/")
        return target.hasSuffix("/") || target.isEmpty || target == "." || target == "./"
            ? (joined.isEmpty ? "index.html" : joined + "/index.html") : joined
    }
}

/// The tests' scratch folders. They all sit in one folder for the test process, under the system's
/// temporary folder, which is removed when the process exits; a run also removes what a process that
/// died before exiting left behind. (The tests used to leave every folder they made: about 100 MB a
/// run, most of it the 3,000-article dossier of the SIGKILL test.)
enum ScratchFolders {
    private static let prefix = "dossier-tests-"

    private static let root: URL = {
        let base = FileManager.default.temporaryDirectory
        removeAbandoned(in: base)
        let url = base.appendingPathComponent(prefix + String(getpid()))
        try? FileManager.default.removeItem(at: url)
        atexit { try? FileManager.default.removeItem(at: ScratchFolders.root) }
        return url
    }()

    /// A new empty folder named `label` and a UUID.
    static func make(_ label: String) throws -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Remove the scratch roots of test processes that no longer run.
    private static func removeAbandoned(in base: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
        }
    }
}
