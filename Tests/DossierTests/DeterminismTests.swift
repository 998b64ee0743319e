import DossierContent
import DossierKit
import Foundation
import Testing

/// The same input gives the same bytes whatever the time zone, locale, file order or thread count.
@Suite("Determinism")
struct DeterminismTests {
    typealias S = TrustTestSupport

    /// Copy the tidy fixture, creating its files in sorted or reversed order.
    static func copyFixture(reversed: Bool) throws -> URL {
        let fixture = S.fixture("tidy")
        let root = try S.temporaryFolder("tidy")
        var files = InventoryList.files(fixture)
        if reversed { files.reverse() }
        for path in files {
            try S.write(try Data(contentsOf: fixture.appendingPathComponent(path)), to: root.appendingPathComponent(path))
        }
        return root
    }

    @Test("in-process: listing order and thread count do not change a byte")
    func orderAndThreads() throws {
        var outputs: [[String: Data]] = []
        for (seed, threads, reversed) in [(UInt64(0), 1, false), (42, 3, true), (7, 2, false)] {
            let root = try Self.copyFixture(reversed: reversed)
            let output = try S.temporaryFolder("out").appendingPathComponent("public")
            let result = S.build(root, output: output, threads: threads, fileSystem: ReorderingFileSystem(seed: seed))
            #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
            outputs.append(S.snapshot(output))
        }
        #expect(outputs[0].count == 41)  // 27 files and 14 folders
        #expect(outputs[0]["CNAME"] == Data("tidy.example.org\n".utf8))
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
    }

    @Test("as a process: TZ, LANG/LC_ALL, SOURCE_DATE_EPOCH and DOSSIER_THREADS do not change a byte")
    func environment() throws {
        guard let binary = S.dossierBinary() else {
            Issue.record("the dossier executable is not built: run `swift build` first")
            return
        }
        let environments: [[String: String]] = [
            ["TZ": "UTC", "LANG": "C", "LC_ALL": "C", "DOSSIER_THREADS": "1", "SOURCE_DATE_EPOCH": "0"],
            ["TZ": "Pacific/Kiritimati", "LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8", "DOSSIER_THREADS": "4",
             "SOURCE_DATE_EPOCH": "2000000000"],
            ["TZ": "America/St_Johns", "LANG": "de_DE.UTF-8", "LC_ALL": "ja_JP.UTF-8", "DOSSIER_THREADS": "2"],
        ]
        var outputs: [[String: Data]] = []
        for (n, environment) in environments.enumerated() {
            let root = try Self.copyFixture(reversed: n % 2 == 1)
            let status = try S.run(binary, ["build", "--source", root.path], environment: environment)
            #expect(status == 0)
            outputs.append(S.snapshot(root.appendingPathComponent("public")))
        }
        #expect(outputs[0].count == 41)  // 27 files and 14 folders
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
        // The manifest is part of the bytes compared; it lists the static file too.
        let manifest = String(decoding: outputs[0][".dossier-manifest"] ?? Data(), as: UTF8.self)
        #expect(manifest.hasPrefix("# Files made by dossier"))
        #expect(manifest.contains("\nCNAME\n"))
    }
}
