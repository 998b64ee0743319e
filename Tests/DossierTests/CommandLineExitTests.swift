import Foundation
import Testing

/// What `dossier build` says on standard output when that is a pipe, and its exit status.
@Suite struct CommandLineExitTests {
    private typealias S = TrustTestSupport

    @Test("a build into a pipe prints its summary line, exits 0 and leaves the site; a rebuild says it is up to date")
    func summaryReachesAPipe() throws {
        guard let binary = S.dossierBinary() else {
            Issue.record("the dossier executable is not built: run `swift build` first")
            return
        }
        let root = try S.dossier()
        let output = try S.temporaryFolder("exit-out").appendingPathComponent("site")
        for expected in ["built ", "up to date: "] {
            let (status, text) = try S.runCapturingOutput(binary, ["build", "--source", root.path, "--output", output.path])
            #expect(status == 0)
            #expect(text.hasPrefix(expected), "\(text)")
            #expect(text.hasSuffix("s\n"), "\(text)")
        }
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
    }
}
