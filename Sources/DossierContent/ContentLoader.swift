import DossierConfig
import DossierDiagnostics
import Foundation

/// Step 1 of the pipeline: read `dossier.yml` and every `content/KIND/SLUG.md` into typed documents.
public struct ContentLoader: Sendable {
    public var fileSystem: any ContentFileSystem
    /// The dossier folder.
    public var root: String

    /// Articles' front matter decoded by earlier builds (the build cache's), taken instead of decoding.
    public var frontMatterCache: FrontMatterCache

    /// When set, each content file's bytes as read are passed to it, and what it returns is kept
    /// in `LoadedContent.fileDigests` (the build cache hashes the files this way, reading them once).
    public var digest: (@Sendable (Data) -> String)?

    public init(
        root: String, fileSystem: any ContentFileSystem = LocalFileSystem(), frontMatterCache: FrontMatterCache = FrontMatterCache(),
        digest: (@Sendable (Data) -> String)? = nil
    ) {
        self.root = root
        self.fileSystem = fileSystem
        self.frontMatterCache = frontMatterCache
        self.digest = digest
    }

    /// Loads everything it can and reports every problem it finds. `listed` is given the kind and
    /// slug of every content file to be read, once they are listed and before any is read.
    public func load(
        listed: ([(kind: ContentKind, slug: String)]) -> Void = { _ in }
    ) -> (content: LoadedContent?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        let config = loadConfig(&diagnostics)

        // Read and decode every file, in parallel; results keep the sorted file order.
        var jobs: [FileJob] = []
        for kind in ContentKind.allCases {
            jobs.append(contentsOf: listFiles(of: kind, &diagnostics))
        }
        listed(jobs.map { ($0.kind, $0.slug) })
        // Once a read finds a file not in memory, every file is asked for ahead of the workers,
        // which then seldom wait for the disk.
        let paths = jobs.map { absolutePath($0.path) }
        let readAhead = ReadAheadOnMiss { [fileSystem] in fileSystem.readAhead(atPaths: paths) }
        var results = Parallel.map(jobs) { job in self.decode(job, missed: readAhead.start) }
        readAhead.wait()

        var content = LoadedContent(config: config ?? DossierConfig(title: ""))
        content.articles.reserveCapacity(results.count)
        content.fileDigests.reserveCapacity(results.count)
        // Slugs seen, by kind, for duplicate detection: slug -> path.
        var seen = [ContentKind: [String: String]]()
        // Each result is moved out, not copied: copying retained every field of every document,
        // and letting `results` go released them again, on one thread, with the other idle.
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for i in buffer.indices {
                let result = (base + i).move()
                (base + i).initialize(to: FileResult(kind: result.kind, slug: "", path: "", document: nil, diagnostics: Diagnostics()))
                diagnostics.append(contentsOf: result.diagnostics)
                if let fileDigest = result.digest { content.fileDigests[result.path] = fileDigest }
                guard let document = result.document else {
                    content.unloaded.insert("\(result.kind.rawValue)/\(result.slug)")
                    continue
                }
                if let first = seen[result.kind]?[document.slug] {
                    diagnostics.error(
                        SourceLocation(path: result.path),
                        "duplicate \(result.kind.singular) slug '\(document.slug)' (also defined by \(first))")
                    continue
                }
                seen[result.kind, default: [:]][document.slug] = result.path
                switch document {
                case .incident(let document): content.incidents.append(document)
                case .actor(let document): content.actors.append(document)
                case .source(let document): content.sources.append(document)
                case .article(let document): content.articles.append(document)
                }
            }
        }
        return (config == nil ? nil : content, diagnostics)
    }

    // MARK: - Config

    private func loadConfig(_ diagnostics: inout Diagnostics) -> DossierConfig? {
        let path = DossierConfig.fileName
        switch readText(relativePath: path) {
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        case .success(let text):
            switch DossierConfig.parse(text, path: path) {
            case .success(let config): return config
            case .failure(let problems):
                diagnostics.append(contentsOf: problems)
                return nil
            }
        }
    }

    // MARK: - Listing

    struct FileJob: Sendable {
        var kind: ContentKind
        var slug: String
        var path: String
    }

    private func listFiles(of kind: ContentKind, _ diagnostics: inout Diagnostics) -> [FileJob] {
        let folder = "content/\(kind.rawValue)"
        let absolute = absolutePath(folder)
        guard fileSystem.isDirectory(atPath: absolute) else { return [] }
        let entries: [FolderEntry]
        do {
            entries = try fileSystem.entries(ofFolder: absolute)
        } catch {
            diagnostics.error(SourceLocation(path: folder), "cannot list folder: \(error)")
            return []
        }
        // A file that is not a link, in a folder whose real path is inside the dossier folder, is
        // inside it too; only links (or files in a folder reached through one) need `linkProblem`.
        let folderIsInside = fileSystem.resolvedPath(root).map { realRoot in
            fileSystem.resolvedPath(absolute) == (realRoot.hasSuffix("/") ? realRoot : realRoot + "/") + folder
        } ?? false
        var jobs: [FileJob] = []
        for entry in entries.sorted(by: { $0.name < $1.name }) where entry.name.hasSuffix(".md") {
            let name = entry.name
            let slug = String(name.dropLast(3))
            let path = "\(folder)/\(name)"
            guard SlugRule.isValid(slug) else {
                diagnostics.error(
                    SourceLocation(path: path),
                    "'\(slug)' is not a valid slug: use lower-case letters, digits and hyphens, starting with a letter or digit"
                        + (SlugRule.slugify(slug).isEmpty ? "" : " (for example '\(SlugRule.slugify(slug))')"))
                continue
            }
            if !folderIsInside || entry.mayBeLink, let problem = linkProblem(path) {
                diagnostics.error(SourceLocation(path: path), problem)
                continue
            }
            jobs.append(FileJob(kind: kind, slug: slug, path: path))
        }
        return jobs
    }

    // MARK: - Reading and decoding

    enum AnyDocument: Sendable {
        case incident(IncidentDocument)
        case actor(ActorDocument)
        case source(SourceDocument)
        case article(ArticleDocument)

        var slug: String {
            switch self {
            case .incident(let d): return d.slug
            case .actor(let d): return d.slug
            case .source(let d): return d.slug
            case .article(let d): return d.slug
            }
        }
    }

    struct FileResult: Sendable {
        var kind: ContentKind
        var slug: String
        var path: String
        var document: AnyDocument?
        var diagnostics: Diagnostics
        /// `digest` of the file's bytes, when the loader has one and the file could be read.
        var digest: ContentFileDigest?
    }

    private func decode(_ job: FileJob, missed: () -> Void) -> FileResult {
        var result = FileResult(kind: job.kind, slug: job.slug, path: job.path, document: nil, diagnostics: Diagnostics())
        let text: String
        let data: Data
        switch readDataWithInfo(relativePath: job.path, missed: missed) {
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        case .success(let value):
            data = value.data
            if let digest { result.digest = ContentFileDigest(digest: digest(data), info: value.info) }
        }
        switch TextDecoding.decode(data, path: job.path) {
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        case .success(let value):
            text = value
        }
        let split: SplitDocument
        switch FrontMatterSplitter.split(text, path: job.path) {
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        case .success(let value):
            split = value
        }
        func make<F: YAMLDocumentModel>(_ type: F.Type) -> Document<F>? {
            let origin = YAMLDecoding.Origin(path: job.path, firstLine: split.frontMatterLine)
            switch YAMLDecoding.decode(F.self, from: split.frontMatter, origin: origin) {
            case .failure(let problems):
                result.diagnostics.append(contentsOf: problems)
                return nil
            case .success(let frontMatter):
                return Document(
                    slug: job.slug, path: job.path, frontMatter: frontMatter, body: split.body,
                    bodyLine: split.bodyLine, frontMatterText: split.frontMatter,
                    frontMatterLine: split.frontMatterLine)
            }
        }
        switch job.kind {
        case .incidents: result.document = make(IncidentFrontMatter.self).map(AnyDocument.incident)
        case .actors: result.document = make(ActorFrontMatter.self).map(AnyDocument.actor)
        case .sources: result.document = make(SourceFrontMatter.self).map(AnyDocument.source)
        case .articles:
            if let cached = frontMatterCache.articles[split.frontMatter] {
                result.document = .article(
                    Document(
                        slug: job.slug, path: job.path, frontMatter: cached, body: split.body, bodyLine: split.bodyLine,
                        frontMatterText: split.frontMatter, frontMatterLine: split.frontMatterLine))
            } else {
                result.document = make(ArticleFrontMatter.self).map(AnyDocument.article)
            }
        }
        return result
    }

    public func absolutePath(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// Reads a file as UTF-8 text, refusing empty files, byte-order marks and invalid UTF-8.
    public func readText(relativePath path: String) -> Result<String, Diagnostic> {
        readData(relativePath: path).flatMap { TextDecoding.decode($0, path: path) }
    }

    private func readData(relativePath path: String) -> Result<Data, Diagnostic> {
        readDataWithInfo(relativePath: path).map(\.data)
    }

    private func readDataWithInfo(
        relativePath path: String, missed: () -> Void = {}
    ) -> Result<(data: Data, info: FileInfo?), Diagnostic> {
        do {
            return .success(try fileSystem.readFileWithInfo(atPath: absolutePath(path), missed: missed))
        } catch is NotARegularFile {
            return .failure(.error(SourceLocation(path: path), "not a regular file (a named pipe, socket or device)"))
        } catch {
            let reason = fileSystem.fileExists(atPath: absolutePath(path)) ? "cannot read file" : "file not found"
            return .failure(.error(SourceLocation(path: path), reason))
        }
    }
}

/// Strict UTF-8 decoding with positioned errors.
public enum TextDecoding {
    public static func decode(_ data: Data, path: String) -> Result<String, Diagnostic> {
        if data.isEmpty {
            return .failure(.error(SourceLocation(path: path), "file is empty"))
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            return .failure(.error(SourceLocation(path: path), "file starts with a byte-order mark; save it as UTF-8 without BOM"))
        }
        if let text = String(validating: data, as: UTF8.self) {
            return .success(text)
        }
        // Find the first bad byte for the position.
        let bytes = [UInt8](data)
        var line = 1, lineStart = 0, index = 0
        while index < bytes.count {
            let length = utf8SequenceLength(bytes, at: index)
            if length == 0 { break }
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        let column = (String(validating: bytes[lineStart..<index], as: UTF8.self)?.unicodeScalars.count ?? 0) + 1
        return .failure(.error(SourceLocation(path: path, line: line, column: column), "invalid UTF-8 byte sequence"))
    }

    /// Length of the valid UTF-8 sequence at `index`, or 0 if it is invalid.
    private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        let length: Int
        switch first {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
    }
}
