import DossierDiagnostics
import Foundation
import Testing

@Suite("Directory walk")
struct DirectoryWalkTests {
    /// A tree wide enough for the parallel part: 3 top folders, 80 folders below one of them, files
    /// at every level, links to a file and to a folder (listed as links, not followed), an empty folder.
    static func tree() throws -> (root: String, expected: Set<String>) {
        let root = try TestSupport.temporaryFolder("walk").path
        var expected = Set<String>()
        func folder(_ path: String) throws {
            try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
            expected.insert("d " + path)
        }
        func file(_ path: String) throws {
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + path))
            expected.insert("f " + path)
        }
        for top in ["articles", "incidents", "empty"] { try folder(top) }
        try file("index.html")
        for n in 0..<80 {
            try folder("articles/a\(n)")
            try file("articles/a\(n)/index.html")
            if n.isMultiple(of: 10) {
                try folder("articles/a\(n)/deeper/still")
                try file("articles/a\(n)/deeper/still/x.txt")
                expected.insert("d articles/a\(n)/deeper")
            }
        }
        try folder("incidents/i")
        try file("incidents/i/index.html")
        try FileManager.default.createSymbolicLink(atPath: root + "/link-to-file", withDestinationPath: root + "/index.html")
        try FileManager.default.createSymbolicLink(atPath: root + "/articles/link-to-folder", withDestinationPath: root + "/incidents")
        expected.insert("l link-to-file")
        expected.insert("l articles/link-to-folder")
        return (root, expected)
    }

    @Test("the parallel walk lists every entry once, with its kind, parents before their contents", arguments: [1, 2, 3])
    func walk(width: Int) throws {
        let (root, expected) = try Self.tree()
        let entries = DirectoryWalk.entries(root, width: width)
        let described = entries.map { entry -> String in
            switch entry.kind {
            case .file: return "f " + entry.path
            case .folder: return "d " + entry.path
            case .link: return "l " + entry.path
            case .other: return "o " + entry.path
            }
        }
        #expect(described.count == expected.count)
        #expect(Set(described) == expected)
        var seen = Set<String>()
        for entry in entries {
            if let slash = entry.path.lastIndex(of: "/") {
                #expect(seen.contains(String(entry.path[..<slash])), "\(entry.path) before its folder")
            }
            seen.insert(entry.path)
        }
    }
}
