import DossierKit
import Foundation
import Testing

/// Rebuilding the committed `content/` must reproduce the committed `public/` byte for byte.
@Suite("Golden site")
struct GoldenTests {
    @Test("rebuilding content/ reproduces public/ byte for byte")
    func golden() throws {
        let root = TestSupport.repositoryRoot
        let committed = root.appendingPathComponent("public")
        let (output, result) = try TestSupport.build(root)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let expected = TestSupport.files(under: committed)
        let actual = TestSupport.files(under: output)
        #expect(!expected.isEmpty, "public/ is missing: run the build and commit it")
        #expect(actual == expected, "the set of files differs: rebuild and commit public/")
        for file in Set(expected).intersection(actual).sorted() {
            let a = try Data(contentsOf: committed.appendingPathComponent(file))
            let b = try Data(contentsOf: output.appendingPathComponent(file))
            #expect(a == b, "\(file) differs from a fresh build: rebuild and commit public/")
        }
    }
}
