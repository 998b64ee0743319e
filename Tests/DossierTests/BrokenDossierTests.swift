import DossierKit
import Foundation
import Testing

/// `dossier check` on a dossier full of mistakes lists every one with its position, and leaves
/// an existing `public/` untouched.
@Suite("Broken dossier")
struct BrokenDossierTests {
    typealias S = TrustTestSupport

    static let expected = [
        "content/actors/bad-yaml.md:4:1: error: invalid YAML: while parsing a flow sequence; did not find expected ',' or ']'",
        "content/actors/bom.md:1:1: error: file starts with a byte-order mark; save it as UTF-8 without BOM",
        "content/actors/empty.md:1:1: error: file is empty",
        "content/actors/escape.md:1:1: error: symbolic link leads outside the dossier folder; copy the file into the dossier instead",
        "content/actors/invalid-utf8.md:2:10: error: invalid UTF-8 byte sequence",
        "content/actors/lonely.md:1:1: warning: actor 'lonely' is not referenced by any incident, article, claim, quote or other actor",
        "content/actors/no-front-matter.md:1:1: error: missing front matter: the file must start with a '---' line",
        "content/actors/typo-field.md:3:1: error: unknown field 'kidn' (did you mean 'kind'?)",
        "content/actors/unreadable.md:1:1: error: cannot read file",
        "content/actors/unterminated.md:1:1: error: unterminated front matter: no closing '---' line after the opening one",
        "content/articles/Bad_Name.md:1:1: error: 'Bad_Name' is not a valid slug: use lower-case letters, digits and hyphens, starting with a letter or digit (for example 'bad-name')",
        "content/articles/bad-date.md:4:12: error: field 'published': '2024/03/01' is not a date in the form YYYY-MM-DD",
        "content/articles/broken-links.md:6:5: error: link '../../actors/nobody/' points to no page or file of the site (did you mean '/actors/lonely/'?)",
        "content/articles/broken-links.md:6:32: error: link '#nowhere' points to no anchor: this page has no id 'nowhere'",
        "content/articles/broken-links.md:6:56: error: link '../../incidents/ambush/#reprots' points to no anchor: 'incidents/ambush/index.html' has no id 'reprots' (did you mean 'reports'?)",
        "content/articles/broken-links.md:7:53: error: link '../../incidents/ambush-2/' points to no page or file of the site (did you mean '/incidents/ambush/'?)",
        "content/articles/impossible-date.md:4:12: error: field 'published': '2023-02-29' is not a real calendar date",
        "content/articles/missing-source.md:2:1: error: missing required field 'source'",
        "content/articles/unknown-refs.md:3:9: error: unknown source 'wyre' (did you mean 'wire'?)",
        "content/articles/unknown-refs.md:4:13: error: unknown incident 'ambsh' (did you mean 'ambush'?)",
        "content/articles/unknown-refs.md:5:16: error: unknown actor 'lonley' (did you mean 'lonely'?)",
        "content/articles/wrong-type.md:4:12: error: field 'incidents' should be a list, not a mapping",
        "content/incidents/ambush.md:7:13: error: unknown actor 'armyy' (did you mean 'army'?)",
        "content/incidents/ambush.md:9:40: error: link '../../actors/army/#incidnets' points to no anchor: 'actors/army/index.html' has no id 'incidnets'",
        "content/incidents/typo-role.md:3:23: error: unknown field 'contry' (did you mean 'country'?)",
        "content/incidents/typo-role.md:5:5: error: missing required field 'actors[0].role'",
        "content/incidents/typo-role.md:5:19: error: unknown field 'rloe' (did you mean 'role'?)",
        "public/actors/index.html:26:50: error: generated page: link '../sourcs/' points to no page or file of the site (check the templates)",
        "public/actors/index.html:27:54: error: generated page: link '../sourcs/' points to no page or file of the site (check the templates)",
        "public/incidents/ambush/index.html:54:54: error: generated page: link '../../sourcs/' points to no page or file of the site (check the templates)",
        "public/notes.txt:1:1: error: this file was not made by dossier and the build would delete or overwrite it; move it to static/ to keep it, or build with --clean to delete it",
        "public/sources/index.html:26:51: error: generated page: link '../sourcs/' points to no page or file of the site (check the templates)",
        "static/index.html:1:1: error: this file has the path of a page or asset that dossier generates; rename it",
        "templates/actor.mustache:3:5: error: template names 'titel', which no view model provides (did you mean 'title'?)",
        "templates/home.mustache:6:4: error: template does not parse: a section is closed with the wrong name",
    ]

    /// A copy of the fixture with what git cannot hold: a symbolic link that leads outside, and a
    /// previous `public/` with a manifest and a file dossier did not make.
    static func prepare() throws -> URL {
        let root = try S.temporaryFolder("broken")
        let fixture = S.fixture("broken")
        for path in InventoryList.files(fixture) {
            try S.write(try Data(contentsOf: fixture.appendingPathComponent(path)), to: root.appendingPathComponent(path))
        }
        let outside = try S.temporaryFolder("outside").appendingPathComponent("secret.md")
        try S.write("---\nname: Secret\n---\n", to: outside)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/content/actors/escape.md", withDestinationPath: outside.path)
        try S.write("# Files made by dossier\nindex.html\n", to: root.appendingPathComponent("public/.dossier-manifest"))
        try S.write("<p>previous site</p>\n", to: root.appendingPathComponent("public/index.html"))
        try S.write("notes of the analyst\n", to: root.appendingPathComponent("public/notes.txt"))
        return root
    }

    @Test("check lists every mistake with its position and leaves public/ untouched")
    func checkListsEverything() throws {
        let root = try Self.prepare()
        let before = S.snapshot(root.appendingPathComponent("public"))
        let (lines, result) = S.check(root)
        #expect(lines == Self.expected)
        #expect(result.failed(strict: false))
        #expect(!result.wroteOutput)
        #expect(S.snapshot(root.appendingPathComponent("public")) == before)
        #expect(!FileManager.default.fileExists(atPath: root.path + "/.public.dossier-staging"))
    }

    @Test("the command line prints the same list, a summary line, exits non-zero; build refuses to write")
    func commandLine() throws {
        guard let binary = S.dossierBinary() else {
            Issue.record("the dossier executable is not built: run `swift build` first")
            return
        }
        let root = try Self.prepare()
        let before = S.snapshot(root.appendingPathComponent("public"))
        for command in ["check", "build"] {
            let (status, errors) = try S.runCapturingErrors(binary, [command, "--source", root.path])
            let lines = errors.split(separator: "\n").map(String.init)
            #expect(status == 1)
            #expect(Array(lines.dropLast()) == Self.expected)
            let summary = command == "check"
                ? "check failed: 34 errors, 1 warning"
                : "build failed: 34 errors, 1 warning; nothing was written"
            #expect(lines.last?.hasPrefix(summary) == true, "\(lines.last ?? "")")
        }
        #expect(S.snapshot(root.appendingPathComponent("public")) == before)
    }
}
