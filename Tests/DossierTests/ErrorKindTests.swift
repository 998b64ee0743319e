import DossierContent
import DossierDiagnostics
import DossierKit
import Foundation
import Testing

/// One test per kind of error `dossier check` reports. Each asserts the exact message, path, line and column.
@Suite("Error kinds")
struct ErrorKindTests {
    typealias S = TrustTestSupport

    @Test("the base dossier is clean")
    func baseIsClean() throws {
        let root = try S.dossier()
        #expect(S.check(root).lines == [])
    }

    @Test("missing front matter")
    func missingFrontMatter() throws {
        let root = try S.dossier(["content/actors/bad.md": "name: Bad\n"])
        #expect(S.errors(root) == ["content/actors/bad.md:1:1: error: missing front matter: the file must start with a '---' line"])
    }

    @Test("unterminated front matter")
    func unterminatedFrontMatter() throws {
        let root = try S.dossier(["content/actors/bad.md": "---\nname: Bad\n"])
        #expect(S.errors(root) == [
            "content/actors/bad.md:1:1: error: unterminated front matter: no closing '---' line after the opening one"
        ])
    }

    @Test("front matter that is not valid YAML")
    func invalidYAML() throws {
        let root = try S.dossier(["content/actors/bad.md": "---\nname: Bad\naliases: [one, two\n---\n"])
        #expect(S.errors(root) == [
            "content/actors/bad.md:4:1: error: invalid YAML: while parsing a flow sequence; did not find expected ',' or ']'"
        ])
    }

    @Test("an unknown field, with a suggestion, also inside location and actors items")
    func unknownField() throws {
        let root = try S.dossier([
            "content/incidents/blast.md": """
                ---
                title: Blast
                location: {name: Bamako, contry: Mali}
                actors:
                  - {actor: army, role: target, rloe: x}
                ---

                """,
            "content/sources/wire.md": "---\nname: Wire\nurll: https://example.org/\n---\n",
        ])
        #expect(S.errors(root) == [
            "content/incidents/blast.md:3:26: error: unknown field 'contry' (did you mean 'country'?)",
            "content/incidents/blast.md:5:33: error: unknown field 'rloe' (did you mean 'role'?)",
            "content/sources/wire.md:3:1: error: unknown field 'urll' (did you mean 'url'?)",
        ])
    }

    @Test("a missing required field")
    func missingField() throws {
        let root = try S.dossier(["content/articles/report.md": "---\ntitle: Report\nincidents: [blast]\n---\n"])
        #expect(S.errors(root) == ["content/articles/report.md:2:1: error: missing required field 'source'"])
    }

    @Test("a field of the wrong type")
    func wrongType() throws {
        let root = try S.dossier(["content/articles/report.md": "---\ntitle: Report\nsource: wire\nincidents: {a: b}\n---\n"])
        #expect(S.errors(root) == [
            "content/articles/report.md:4:12: error: field 'incidents' should be a list, not a mapping"
        ])
    }

    @Test("a malformed date")
    func malformedDate() throws {
        let root = try S.dossier(["content/articles/report.md": "---\ntitle: Report\nsource: wire\npublished: 2024/01/02\n---\n"])
        #expect(S.errors(root) == [
            "content/articles/report.md:4:12: error: field 'published': '2024/01/02' is not a date in the form YYYY-MM-DD"
        ])
    }

    @Test("an impossible date")
    func impossibleDate() throws {
        let root = try S.dossier(["content/articles/report.md": "---\ntitle: Report\nsource: wire\npublished: 2023-02-29\n---\n"])
        #expect(S.errors(root) == [
            "content/articles/report.md:4:12: error: field 'published': '2023-02-29' is not a real calendar date"
        ])
    }

    @Test("unknown actor, source and incident references, with suggestions")
    func unknownReferences() throws {
        let root = try S.dossier([
            "content/incidents/blast.md": "---\ntitle: Blast\nactors:\n  - {actor: armyy, role: target}\n---\n",
            "content/articles/report.md": "---\ntitle: Report\nsource: wyre\nincidents: [blasst]\nactors: [army]\n---\n",
        ])
        #expect(S.errors(root) == [
            "content/articles/report.md:3:9: error: unknown source 'wyre' (did you mean 'wire'?)",
            "content/articles/report.md:4:13: error: unknown incident 'blasst' (did you mean 'blast'?)",
            "content/incidents/blast.md:4:13: error: unknown actor 'armyy' (did you mean 'army'?)",
        ])
    }

    @Test("an unknown article reference (a link to an article page), with a suggestion")
    func unknownArticle() throws {
        let root = try S.dossier(["content/actors/army.md": "---\nname: Army\n---\nSee [the report](/articles/reprot/).\n"])
        #expect(S.errors(root) == [
            "content/actors/army.md:4:5: error: link '../../articles/reprot/' points to no page or file of the site (did you mean '/articles/report/'?)"
        ])
    }

    /// Two files in one folder cannot have the same name, and a name that differs only in case
    /// (`Report.md`) is not a valid slug, so a duplicate slug cannot come from a real folder.
    /// The check stays as a guard; this test reaches it with a file system that lists a file twice.
    @Test("a duplicate slug (guard: only reachable through a file system that lists a name twice)")
    func duplicateSlug() throws {
        struct Twice: ContentFileSystem {
            let base = LocalFileSystem()
            func entries(ofFolder path: String) throws -> [FolderEntry] {
                let entries = try base.entries(ofFolder: path)
                return path.hasSuffix("/actors") ? entries + entries : entries
            }
            func isDirectory(atPath path: String) -> Bool { base.isDirectory(atPath: path) }
            func fileExists(atPath path: String) -> Bool { base.fileExists(atPath: path) }
            func readFile(atPath path: String) throws -> Data { try base.readFile(atPath: path) }
            func resolvedPath(_ path: String) -> String? { base.resolvedPath(path) }
        }
        let root = try S.dossier()
        #expect(S.check(root, fileSystem: Twice()).lines == [
            "content/actors/army.md:1:1: error: duplicate actor slug 'army' (also defined by content/actors/army.md)"
        ])
    }

    @Test("a file name that is not a valid slug")
    func invalidSlug() throws {
        let root = try S.dossier(["content/actors/Big Army.md": "---\nname: Big\n---\n"])
        #expect(S.errors(root) == [
            "content/actors/Big Army.md:1:1: error: 'Big Army' is not a valid slug: use lower-case letters, digits and hyphens, starting with a letter or digit (for example 'big-army')"
        ])
    }

    @Test("internal links and anchors in the content that point nowhere")
    func brokenContentLinks() throws {
        let root = try S.dossier([
            "content/articles/report.md": """
                ---
                title: Report
                source: wire
                ---
                See [the army](/actors/army/), [nobody](/actors/nobody/) and [this](#nowhere).

                Also [the reports](../../incidents/blast/#reprots) and [the top](#main).

                """
        ])
        #expect(S.errors(root) == [
            "content/articles/report.md:5:32: error: link '../../actors/nobody/' points to no page or file of the site (did you mean '/actors/army/'?)",
            "content/articles/report.md:5:62: error: link '#nowhere' points to no anchor: this page has no id 'nowhere'",
            "content/articles/report.md:7:6: error: link '../../incidents/blast/#reprots' points to no anchor: 'incidents/blast/index.html' has no id 'reprots' (did you mean 'reports'?)",
        ])
    }

    @Test("internal links in the generated pages that point nowhere (a template mistake)")
    func brokenGeneratedLinks() throws {
        let list = "<ul>\n{{#links}}\n<li><a href=\"{{url}}\">{{name}}</a> <a href=\"{{root}}sources/#wires\">all</a></li>\n{{/links}}\n</ul>\n"
        let root = try S.dossier(["templates/link-list.mustache": list])
        // `<li><a href="../sources/wire/">Wire</a> <a href="../sources/#wires">all</a></li>`: the value starts at column 50.
        #expect(S.errors(root) == [
            "public/actors/index.html:26:49: error: generated page: link '../sources/#wires' points to no anchor: 'sources/index.html' has no id 'wires' (check the templates)",
            "public/incidents/blast/index.html:52:53: error: generated page: link '../../sources/#wires' points to no anchor: 'sources/index.html' has no id 'wires' (check the templates)",
            "public/sources/index.html:26:50: error: generated page: link '../sources/#wires' points to no anchor: this page has no id 'wires' (check the templates)",
        ])
    }

    @Test("invalid UTF-8")
    func invalidUTF8() throws {
        let root = try S.dossier()
        try S.write(Data("---\nname: Caf".utf8) + Data([0xC3, 0x28]) + Data("\n---\n".utf8), to: root.appendingPathComponent("content/actors/cafe.md"))
        #expect(S.errors(root) == ["content/actors/cafe.md:2:10: error: invalid UTF-8 byte sequence"])
    }

    @Test("a byte-order mark")
    func byteOrderMark() throws {
        let root = try S.dossier()
        try S.write(Data([0xEF, 0xBB, 0xBF]) + Data("---\nname: B\n---\n".utf8), to: root.appendingPathComponent("content/actors/bom.md"))
        #expect(S.errors(root) == [
            "content/actors/bom.md:1:1: error: file starts with a byte-order mark; save it as UTF-8 without BOM"
        ])
    }

    @Test("an empty file")
    func emptyFile() throws {
        let root = try S.dossier(["content/actors/empty.md": ""])
        #expect(S.errors(root) == ["content/actors/empty.md:1:1: error: file is empty"])
    }

    @Test("an unreadable file (a folder named like a content file)")
    func unreadableFile() throws {
        let root = try S.dossier(["content/actors/folder.md/keep": "x"])
        #expect(S.errors(root) == ["content/actors/folder.md:1:1: error: cannot read file"])
    }

    // Opening a named pipe for reading waits for a writer: before this error, `check` never ended.
    @Test("a named pipe named like a content file is an error, not a wait", .timeLimit(.minutes(1)))
    func namedPipe() throws {
        let root = try S.dossier()
        #expect(mkfifo(root.path + "/content/actors/pipe.md", 0o644) == 0)
        #expect(S.errors(root) == [
            "content/actors/pipe.md:1:1: error: not a regular file (a named pipe, socket or device)"
        ])
    }

    @Test("a link inside the dossier to a named pipe is refused when read, not waited on", .timeLimit(.minutes(1)))
    func linkToNamedPipe() throws {
        let root = try S.dossier()
        try FileManager.default.createDirectory(atPath: root.path + "/notes", withIntermediateDirectories: true)
        #expect(mkfifo(root.path + "/notes/pipe", 0o644) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/content/actors/piped.md", withDestinationPath: root.path + "/notes/pipe")
        #expect(S.errors(root) == [
            "content/actors/piped.md:1:1: error: not a regular file (a named pipe, socket or device)"
        ])
    }

    @Test("a template that does not parse, with its position")
    func templateParse() throws {
        let root = try S.dossier(["templates/home.mustache": "<h1>{{site.title}}</h1>\n{{#incidents}}\n<p>{{title}}</p>\n"])
        #expect(S.errors(root) == ["templates/home.mustache:4:1: error: template does not parse: a section is not closed"])
    }

    @Test("a template that names a key no view model provides")
    func templateUnknownKey() throws {
        let template = "{{<base}}\n{{$content}}\n<h1>{{title}}</h1>\n<p>{{#site}}{{titel}}{{/site}}</p>\n{{/content}}\n{{/base}}\n"
        let root = try S.dossier(["templates/actor.mustache": template])
        #expect(S.errors(root) == [
            "templates/actor.mustache:4:13: error: template names 'titel', which no view model provides (did you mean 'title'?)"
        ])
    }

    @Test("a symbolic link under content/ that leads outside the dossier")
    func symlinkOutside() throws {
        let root = try S.dossier()
        let outside = try S.temporaryFolder("outside").appendingPathComponent("secret.md")
        try S.write("---\nname: Secret\n---\n", to: outside)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/content/actors/secret.md", withDestinationPath: outside.path)
        #expect(S.errors(root) == [
            "content/actors/secret.md:1:1: error: symbolic link leads outside the dossier folder; copy the file into the dossier instead"
        ])
    }

    @Test("a content folder that is a symbolic link to a folder outside the dossier: every file in it")
    func symlinkedFolderOutside() throws {
        let root = try S.dossier()
        let outside = try S.temporaryFolder("outside-folder")
        try S.write("---\nname: Secret\n---\n", to: outside.appendingPathComponent("secret.md"))
        try S.write("---\nname: Other\n---\n", to: outside.appendingPathComponent("other.md"))
        let actors = root.path + "/content/actors"
        try FileManager.default.removeItem(atPath: actors)
        try FileManager.default.createSymbolicLink(atPath: actors, withDestinationPath: outside.path)
        let problems = S.errors(root).filter { $0.contains("symbolic link") }
        #expect(problems == [
            "content/actors/other.md:1:1: error: symbolic link leads outside the dossier folder; copy the file into the dossier instead",
            "content/actors/secret.md:1:1: error: symbolic link leads outside the dossier folder; copy the file into the dossier instead",
        ])
    }

    @Test("a symbolic link that stays inside the dossier is read like any file")
    func symlinkInside() throws {
        let root = try S.dossier(["notes/lonely.md": "---\nname: Lonely\n---\n"])
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/content/actors/lonely.md", withDestinationPath: root.path + "/notes/lonely.md")
        let (lines, _) = S.check(root)
        #expect(lines == ["content/actors/lonely.md:1:1: warning: actor 'lonely' is not referenced by any incident, article, claim, quote or other actor"])
    }

    @Test("an actor nothing references is a warning, which fails only under --strict")
    func unreferencedActorWarning() throws {
        let root = try S.dossier(["content/actors/lonely.md": "---\nname: Lonely\n---\n"])
        let (lines, result) = S.check(root)
        #expect(lines == ["content/actors/lonely.md:1:1: warning: actor 'lonely' is not referenced by any incident, article, claim, quote or other actor"])
        #expect(!result.failed(strict: false))
        #expect(result.failed(strict: true))
    }
}
