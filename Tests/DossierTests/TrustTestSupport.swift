import DossierContent
import DossierDiagnostics
import DossierKit
import Foundation

/// Helpers for the tests of issue 4 (checks, safety, atomic and deterministic output).
enum TrustTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/DossierTests/Fixtures/\(name)")
    }

    static func temporaryFolder(_ label: String = "trust") throws -> URL {
        try ScratchFolders.make("dossier-\(label)")
    }

    /// A small valid dossier: one incident, one actor it names, one source, one article.
    static let baseFiles: [String: String] = [
        "dossier.yml": "title: Test dossier\n",
        "content/incidents/blast.md": """
            ---
            title: Blast
            date: 2024-01-02
            actors:
              - {actor: army, role: target}
            ---
            Narrative.

            """,
        "content/actors/army.md": "---\nname: Army\n---\n",
        "content/sources/wire.md": "---\nname: Wire\n---\n",
        "content/articles/report.md": "---\ntitle: Report\nsource: wire\nincidents: [blast]\n---\nBody.\n",
    ]

    /// Write a dossier: the base files, changed by `files` (a nil value removes a base file).
    static func dossier(_ files: [String: String?] = [:], base: [String: String] = baseFiles) throws -> URL {
        let root = try temporaryFolder("src")
        var all: [String: String] = base
        for (path, text) in files { all[path] = text }
        for (path, text) in all { try write(text, to: root.appendingPathComponent(path)) }
        return root
    }

    static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Run `check` on a dossier and return its diagnostics, sorted, as printed.
    static func check(_ root: URL, strict: Bool = false, fileSystem: any ContentFileSystem = LocalFileSystem())
        -> (lines: [String], result: BuildResult)
    {
        let result = Pipeline(
            options: BuildOptions(source: root.path, strict: strict, write: false, threads: 2, fileSystem: fileSystem)
        ).run()
        return (result.diagnostics.sorted.map(\.description), result)
    }

    static func errors(_ root: URL) -> [String] {
        check(root).lines.filter { $0.contains(": error: ") }
    }

    static func build(_ root: URL, output: URL? = nil, clean: Bool = false, threads: Int = 2,
                      fileSystem: any ContentFileSystem = LocalFileSystem()) -> BuildResult {
        Pipeline(
            options: BuildOptions(
                source: root.path, output: output?.path, threads: threads, clean: clean, fileSystem: fileSystem)
        ).run()
    }

    /// Every folder, file and link under `folder` with its bytes: equal when the trees are equal.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var entries: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return entries }
        while let path = enumerator.nextObject() as? String {
            let full = folder.path + "/" + path
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: entries[path + "/"] = Data()
            case S_IFLNK:
                entries[path + "@"] = Data(((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?").utf8)
            default: entries[path] = FileManager.default.contents(atPath: full) ?? Data("(unreadable)".utf8)
            }
        }
        return entries
    }

    /// The built `dossier` executable: next to the test bundle (`.build/<config>/`), else `.build/debug/dossier`.
    /// `swift test` builds it together with the tests.
    static func dossierBinary() -> URL? {
        var candidates: [URL] = []
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var folder = argument0.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("dossier"))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/dossier"))
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }
    }

    /// Run the binary and wait for it.
    @discardableResult
    static func run(_ binary: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Int32 {
        try runCapturingErrors(binary, arguments, environment: environment).status
    }

    /// Run an executable and wait for it: its exit status and what it wrote to standard output
    /// (standard error is dropped).
    static func runCapturingOutput(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Run the binary and wait for it: its exit status and what it wrote to standard error.
    static func runCapturingErrors(_ binary: URL, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, errors: String)
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A file system that lists folder entries in a chosen order, to show the output does not depend on it.
struct ReorderingFileSystem: ContentFileSystem {
    var seed: UInt64
    let base = LocalFileSystem()

    func entries(ofFolder path: String) throws -> [FolderEntry] {
        var entries = try base.entries(ofFolder: path).sorted { $0.name > $1.name }
        var generator = SeededGenerator(seed: seed)
        if seed != 0 { entries.shuffle(using: &generator) }
        return entries
    }

    func isDirectory(atPath path: String) -> Bool { base.isDirectory(atPath: path) }
    func fileExists(atPath path: String) -> Bool { base.fileExists(atPath: path) }
    func readFile(atPath path: String) throws -> Data { try base.readFile(atPath: path) }
    func resolvedPath(_ path: String) -> String? { base.resolvedPath(path) }
}

/// SplitMix64: a small deterministic random number generator for property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
