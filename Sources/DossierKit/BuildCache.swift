import Crypto
import DossierConfig
import DossierContent
import DossierDiagnostics
import DossierOutput
import DossierSite
import Foundation

/// The build cache, `SOURCE/.dossier-cache/build-manifest` (git-ignored).
///
/// It records, for the last successful build: a digest of every input (every file under the
/// dossier folder except the output, hashed by content; the `dossier` executable; the output
/// path), the output's files as `stat` saw them after the build, and the build's diagnostics.
/// When the inputs hash the same and the output is exactly as that build left it, the build is
/// already done: nothing is loaded, rendered or written, and the diagnostics are replayed.
///
/// The cache is keyed on inputs, not on steps, so a step added to the pipeline is covered as long
/// as what it reads lives in the dossier folder. It can only skip work, never change output:
/// any difference in any input, or in the output, runs the whole build.
public final class BuildCache: Sendable {
    /// Bump when the manifest format or what the digest covers changes.
    static let format = "dossier-build-manifest 2"
    public static let folderName = ".dossier-cache"
    static let manifestName = "build-manifest"
    static let analysisName = "analyses"
    static let linkName = "link-checks"
    static let frontMatterName = "front-matter"

    let source: String
    let output: String
    let manifestPath: String
    let analysisPath: String
    let linkPath: String
    let frontMatterPath: String
    /// The executable's identity: a rebuilt `dossier` may render differently.
    let tool: String

    public init(options: BuildOptions) {
        source = options.sourceURL.path
        output = options.outputURL.path
        manifestPath = source + "/" + Self.folderName + "/" + Self.manifestName
        analysisPath = source + "/" + Self.folderName + "/" + Self.analysisName
        linkPath = source + "/" + Self.folderName + "/" + Self.linkName
        frontMatterPath = source + "/" + Self.folderName + "/" + Self.frontMatterName
        tool = Self.toolIdentity()
    }

    // MARK: - Inputs

    struct Input: Sendable, Equatable {
        var path: String
        var stamp: FileStamp
        var sha256: String
    }

    /// The inputs of a build, hashed. The `stat` of each is taken before the build reads anything,
    /// so an input edited during the build makes the next build hash it again.
    public struct Fingerprint: Sendable {
        var inputs: [Input]
        /// Empty while some inputs wait for the loader's hash (see `leavesContentToLoader`).
        var digest: String
        /// Digest of the tool and every input outside `content/` (templates, config, ...): what,
        /// besides a page's view model, decides its bytes. Salts the page fingerprints.
        var salt: String
        var takenAt: Int64
        /// True when the content files the loader reads are not hashed yet: with no previous
        /// manifest there is nothing to compare their hashes with before the build, and the loader
        /// hashes the bytes it reads (reading every file twice was the cold build's cache check).
        var leavesContentToLoader = false

        /// What the digest starts with (the format, the tool, the output path).
        var digestHeader = ""
    }

    /// What a build reads in the dossier folder: the config, the content (archived originals
    /// included), the templates and `static/`. Nothing else there can change the output, so
    /// nothing else is hashed: in this repository, which is a dossier, the walk also took in
    /// `.build/` (8,000 files and 500 MB after a test run), 0.43 s of a 0.47 s cold build.
    static let inputRoots: Set<String> = [DossierConfig.fileName, "content", "templates", StaticFiles.folder]

    /// Whether the loader reads the file at `path` (relative to the dossier folder): `content/KIND/NAME.md`.
    static func isLoaderRead(_ path: String) -> Bool {
        path.hasPrefix("content/") && path.hasSuffix(".md") && path.utf8.lazy.filter { $0 == UInt8(ascii: "/") }.count == 2
    }

    /// Hashes every input, reusing the previous manifest's hash of a file whose `stat` is
    /// unchanged and older than that manifest (a file changed within the same instant is re-hashed).
    /// Without a previous manifest, the files the loader reads are left to it (`completed`).
    public func fingerprint(previous: Manifest? = nil) -> Fingerprint {
        let takenAt = Self.now()
        let outputRelative = relativeToSource(output)
        let paths = FileTree.files(under: source) { relative, name in
            // `relative.contains("/")` went through Foundation's `range(of:)`: 14 ms of a cold 10k
            // build, before any other work had started.
            (!relative.utf8.contains(UInt8(ascii: "/")) && !Self.inputRoots.contains(name))
                || relative == outputRelative || name == Self.folderName || name == ".git"
                || (name.hasPrefix(".") && (name.contains(".dossier-staging") || name.hasSuffix(".dossier-patch")))
        }
        var previousInputs: [String: Input] = [:]
        if let previous {
            for input in previous.inputs { previousInputs[input.path] = input }
        }
        let known = previousInputs
        let trustedBefore = (previous?.fingerprintTakenAt ?? 0) - 2_000_000_000
        let root = source
        let deferContent = previous == nil
        let stampAndHash: @Sendable (String) -> Input? = { path in
            let absolute = root + "/" + path
            // Left to the loader, stamp and all: it `fstat`s each file as it opens it, before reading.
            if deferContent, Self.isLoaderRead(path) { return Input(path: path, stamp: .pending, sha256: "") }
            guard let stamp = FileStamp(path: absolute) else { return nil }
            if let old = known[path], old.stamp == stamp, stamp.mtime < trustedBefore, stamp.ctime < trustedBefore {
                return old
            }
            guard let sha = FileTree.sha256(path: absolute) else { return nil }
            return Input(path: path, stamp: stamp, sha256: sha)
        }
        // A rebuild stamps every input on threads of their own: after a pause the inodes may have to
        // be read from disk. A cold build leaves the content to the loader: little to wait for.
        let inputs: [Input?] =
            deferContent
            ? Parallel.map(paths, stampAndHash)
            : Parallel.mapWaitingOnDisk(paths, threads: Parallel.diskThreads, stampAndHash)
        var saltHasher = SHA256()
        saltHasher.update(data: Array("\(Self.format)\n\(tool)\n".utf8))
        var present: [Input] = []
        for case let input? in inputs {
            if !input.path.hasPrefix("content/") { saltHasher.update(data: Array("\(input.path)\t\(input.sha256)\n".utf8)) }
            present.append(input)
        }
        let header = "\(Self.format)\n\(tool)\n\(output)\n"
        let salt = saltHasher.finalize().hexString
        guard deferContent else { return Self.fingerprint(of: present, header: header, salt: salt, takenAt: takenAt) }
        return Fingerprint(
            inputs: present, digest: "", salt: salt, takenAt: takenAt, leavesContentToLoader: true, digestHeader: header)
    }

    /// `fingerprint` with the stamps and hashes of the files the loader read (relative path ->
    /// SHA-256, hex, and the file's `fstat` as it was opened) filled in; a file it did not read is
    /// stamped and hashed now, and one that cannot be read is left out, as when the fingerprint is
    /// taken. These hashes are of the very bytes the build used, and each stamp was taken before
    /// they were read, so a file changed meanwhile is hashed again by the next build.
    public func completed(_ fingerprint: Fingerprint, loaderDigests: [String: ContentFileDigest]) -> Fingerprint {
        guard fingerprint.leavesContentToLoader else { return fingerprint }
        let root = source
        let pending = fingerprint.inputs.indices.filter { fingerprint.inputs[$0].sha256.isEmpty }
        let hashed: [(stamp: FileStamp, sha256: String)?] = Parallel.map(pending) { index in
            let path = fingerprint.inputs[index].path
            if let read = loaderDigests[path], let info = read.info { return (info, read.digest) }
            guard let stamp = FileStamp(path: root + "/" + path), let sha = FileTree.sha256(path: root + "/" + path)
            else { return nil }
            return (stamp, sha)
        }
        var inputs = fingerprint.inputs
        for (index, done) in zip(pending, hashed) {
            inputs[index].stamp = done?.stamp ?? .pending
            inputs[index].sha256 = done?.sha256 ?? ""
        }
        inputs.removeAll { $0.sha256.isEmpty }
        return Self.fingerprint(
            of: inputs, header: fingerprint.digestHeader, salt: fingerprint.salt, takenAt: fingerprint.takenAt)
    }

    /// The fingerprint of hashed inputs: one digest of `header` and every input's path and hash.
    static func fingerprint(of inputs: [Input], header: String, salt: String, takenAt: Int64) -> Fingerprint {
        var hasher = SHA256()
        hasher.update(data: Array(header.utf8))
        for input in inputs { hasher.update(data: Array("\(input.path)\t\(input.sha256)\n".utf8)) }
        return Fingerprint(
            inputs: inputs, digest: hasher.finalize().hexString, salt: salt, takenAt: takenAt, digestHeader: header)
    }

    // MARK: - Checking and recording

    /// The previous build's manifest, if there is a readable one for this tool and output.
    public func previousManifest() -> Manifest? {
        guard let data = FileManager.default.contents(atPath: manifestPath),
            let text = String(data: data, encoding: .utf8),
            let manifest = Manifest(text: text),
            manifest.tool == tool, manifest.output == output
        else { return nil }
        return manifest
    }

    /// What a build may reuse from the previous one.
    public struct IncrementalState: Sendable {
        /// The previous result, when the inputs hash the same and the output is as it was left.
        public var upToDateResult: BuildResult?
        /// What page fingerprints are salted with: the tool and the inputs other than content.
        public var salt: String { pendingFingerprint?.wait().salt ?? knownSalt }
        private let knownSalt: String
        /// A cold build's fingerprint, still being taken (`BuildCache.coldState`).
        private let pendingFingerprint: BackgroundResult<Fingerprint>?

        init(knownSalt: String, pendingFingerprint: BackgroundResult<Fingerprint>? = nil) {
            self.knownSalt = knownSalt
            self.pendingFingerprint = pendingFingerprint
        }
        /// When the output is as the previous build left it: its files, and its pages' fingerprints.
        public var previousFiles: [String]?
        public var previousPages: [String: String] = [:]
        /// The executable's identity.
        public var tool: String = ""
        /// Where the articles' analyses are kept.
        var analysisPath: String = ""

        var linkPath: String = ""
        var frontMatterPath: String = ""

        /// Articles' front matter decoded by earlier builds of this tool; nil when there is none or it is damaged.
        func loadFrontMatterCache() -> FrontMatterCache? {
            guard let bytes = BuildCache.readBytes(frontMatterPath) else { return nil }
            return FrontMatterCache(decoding: bytes, tool: tool)
        }

        /// Stores the articles' decoded front matter for the next builds. Valid whatever becomes of
        /// this build: each entry is keyed on its YAML text, and the file on the tool.
        func storeFrontMatter(_ entries: [(text: String, value: ArticleFrontMatter)]) {
            let tool = tool
            BuildCache.writeAtomically(to: frontMatterPath) { FrontMatterCache.encode(entries, tool: tool, into: &$0) }
        }

        /// The previous build's link checks; nil when there are none or the file is damaged.
        func loadLinkCache() -> LinkCheckCache? {
            guard previousFiles != nil, let bytes = BuildCache.readBytes(linkPath) else { return nil }
            return LinkCheckCache(decoding: bytes)
        }

        /// Stores the articles' analyses for the next builds. Valid whatever becomes of this build:
        /// each is keyed on everything it depends on.
        func storeAnalyses(_ cache: AnalysisCache) {
            BuildCache.writeAtomically(to: analysisPath) { cache.encode(into: &$0) }
        }

        /// The analyses of earlier builds; empty when there are none or the file is damaged.
        func loadAnalysisCache() -> AnalysisCache {
            guard let bytes = BuildCache.readBytes(analysisPath), let cache = AnalysisCache(decoding: bytes) else {
                return AnalysisCache()
            }
            return cache
        }
    }

    public func incrementalState(_ fingerprint: Fingerprint, previous: Manifest?) -> IncrementalState {
        var state = emptyState(IncrementalState(knownSalt: fingerprint.salt))
        guard let previous, outputIsIntact(previous.outputs) else { return state }
        if previous.digest == fingerprint.digest {
            var result = BuildResult(diagnostics: Diagnostics(previous.diagnostics))
            result.files = previous.outputs.count
            result.pages = previous.pages
            result.unchanged = previous.outputs.count
            result.upToDate = true
            result.pageFingerprints = previous.pageFingerprints
            state.upToDateResult = result
        }
        state.previousFiles = previous.outputs.map(\.path)
        if previous.salt == fingerprint.salt { state.previousPages = previous.pageFingerprints }
        return state
    }

    /// The state of a build with no previous manifest, whose fingerprint is being taken meanwhile
    /// (`taking`): nothing can be reused, and only the salt, which the pages' fingerprints need
    /// when they are rendered, waits for it.
    func coldState(taking: BackgroundResult<Fingerprint>) -> IncrementalState {
        emptyState(IncrementalState(knownSalt: "", pendingFingerprint: taking))
    }

    /// `state` with this cache's tool and file paths, and nothing to reuse yet.
    private func emptyState(_ state: IncrementalState) -> IncrementalState {
        var state = state
        state.tool = tool
        state.analysisPath = analysisPath
        state.linkPath = linkPath
        state.frontMatterPath = frontMatterPath
        return state
    }

    /// Records a build that wrote the output. Failing to write the cache is not an error:
    /// the next build just does all the work.
    public func record(_ fingerprint: Fingerprint, result: BuildResult) {
        // The build knows the files it left (the staged ones; the staging tree is pruned of any
        // other), so the output is not walked again, and the `fstat` of each file it wrote as it
        // wrote it: only the others (kept from the previous output) are `stat`ed.
        let root = output, written = result.writtenFiles
        let outputs = Parallel.map(result.outputFiles ?? FileTree.files(under: output)) { path in
            (written[path] ?? FileStamp(path: root + "/" + path)).map { OutputFile(path: path, stamp: $0) }
        }.compactMap { $0 }
        let manifest = Manifest(
            tool: tool, output: output, digest: fingerprint.digest, salt: fingerprint.salt,
            fingerprintTakenAt: fingerprint.takenAt, pages: result.pages, pageFingerprints: result.pageFingerprints, inputs: fingerprint.inputs, outputs: outputs, diagnostics: result.diagnostics.items)
        // The link checks are still being written in the background (`Pipeline.run` waits for
        // them): the manifest is written meanwhile.
        Self.writeFileAtomically(to: manifestPath) { manifest.write($0) }
    }

    /// A whole file's bytes, read straight into the array; nil when it cannot be read.
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size {
                let n = read(fd, buffer.baseAddress! + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
            failed = offset != size
            count = offset
        }
        return failed ? nil : bytes
    }

    /// Streams what `encode` makes to a temporary file and renames it into place; gives up quietly
    /// on failure (the next build just finds no cache, or the previous one).
    static func writeAtomically(to path: String, encode: (inout CacheWriter) -> Void) {
        writeFileAtomically(to: path) { write in
            withoutActuallyEscaping(write) { write in
                var writer = CacheWriter(sink: write)
                encode(&writer)
                return writer.ok
            }
        }
    }

    /// Writes what `produce` hands to its `write` (in pieces) to a temporary file and renames it
    /// into place; gives up quietly when a write fails or `produce` returns false. Nothing is
    /// gathered whole: at 100,000 articles the cache files are tens of megabytes each, and copies
    /// of them raised the build's peak memory (docs/performance.md).
    static func writeFileAtomically(
        to path: String, _ produce: (_ write: (UnsafeRawBufferPointer) -> Bool) -> Bool
    ) {
        let temporary = path + ".tmp-\(getpid())"
        let folder = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? "."
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Past the page cache: only the next build reads these files (`UncachedFileWriter`).
        guard let file = UncachedFileWriter(path: temporary) else { return }
        let produced = produce { file.write($0) }
        let finished = file.finish()
        guard produced, finished, rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
    }

    // MARK: - Helpers

    struct OutputFile: Sendable, Equatable {
        var path: String
        var stamp: FileStamp
    }

    /// True when the output holds exactly the recorded files, each with the recorded `stat`.
    /// Links and other non-files count as differences (`readdir` lists them without following).
    func outputIsIntact(_ recorded: [OutputFile]) -> Bool {
        var present: [String] = []
        for (path, kind) in DirectoryWalk.entries(output) where kind != .folder {
            guard kind == .file else { return false }
            present.append(path)
        }
        present.sort()
        guard present.count == recorded.count else { return false }
        let root = output
        let matches = Parallel.mapWaitingOnDisk(Array(zip(present, recorded)), threads: Parallel.diskThreads) { path, file in
            path == file.path && FileStamp(path: root + "/" + path) == file.stamp
        }
        return !matches.contains(false)
    }

    private func relativeToSource(_ path: String) -> String? {
        let prefix = source.hasSuffix("/") ? source : source + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The running executable's path, size and modification time.
    static func toolIdentity() -> String {
        let path: String
        if let real = realpath("/proc/self/exe", nil) {
            path = String(cString: real)
            free(real)
        } else {
            path = CommandLine.arguments.first ?? "dossier"
        }
        guard let stamp = FileStamp(path: path) else { return path }
        return "\(path) \(stamp.size) \(stamp.mtime)"
    }
}
