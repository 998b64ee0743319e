import DossierContent
import DossierDiagnostics
import DossierKit
import DossierMarkdown
import Foundation
import Testing

@Suite("dossier import")
struct ImportTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seeds")

    static func seed(_ prefix: String) throws -> [UInt8] {
        let name = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted().first { $0.hasPrefix(prefix) }!
        return [UInt8](try Data(contentsOf: seeds.appendingPathComponent(name)))
    }

    func prepare(
        _ bytes: [UInt8], source: String = "wire", published: DayDate? = nil, existing: Set<String> = []
    ) -> Result<ImportedArticle, Diagnostics> {
        ArticleImporter.prepare(
            bytes, request: ImportRequest(file: "in.txt", source: source, published: published, incident: "bamako-2024-09-17"),
            exists: { existing.contains($0) })
    }

    /// The text the working copy renders to.
    func renderedText(_ article: ImportedArticle) -> String {
        let body = article.markdown.components(separatedBy: "\n---\n").dropFirst().joined(separator: "\n---\n")
        return CmarkRenderer().render(MarkdownInput(body, plainText: true)).plainText
    }

    @Test("the seeds: titles, slugs, datelines, checksums, and the archive byte for byte")
    func seeds() throws {
        let expected: [(String, String, String, String?)] = [
            ("000", "ghanaweb", "al-qaeda-linked-group-claims-responsibility-for-bamako-attack", nil),
            ("001", "one-africa-news-today", "one-africa-news-today-608c8ddc", nil),
            ("002", "unidentified-outlet", "al-qaeda-linked-group-claims-responsibility-for-bamako-attack-unidentified-outlet", nil),
            ("003", "independent-press", "independent-press-63a9ff5e", "2024-09-20"),
            ("004", "arab-news", "militant-attack-in-bamako-leaves-over-70-dead-and-200-wounded", nil),
        ]
        var existing = Set<String>()
        for (prefix, source, slug, published) in expected {
            let bytes = try Self.seed(prefix)
            let article = try prepare(bytes, source: source, existing: existing).get()
            #expect(article.slug == slug)
            #expect(article.published?.description == published)
            #expect(article.archive == bytes)
            #expect(article.archivePath == "content/articles/\(slug).original.txt")
            #expect(article.markdown.contains("\nsha256: \(ArchiveCheck.sha256Hex(bytes))\n"))
            #expect(article.markdown.contains("\narchive: \(slug).original.txt\n"))
            #expect(article.markdown.contains("\nincidents: [bamako-2024-09-17]\n"))
            existing.insert("content/articles/\(slug).md")

            // Every line that is not furniture renders as written; furniture is gone.
            let text = renderedText(article)
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            for line in lines where !line.isEmpty && !ArticleImporter.isFurniture(line) && line != article.title {
                let words = line.hasPrefix("- ") ? String(line.dropFirst(2)) : line  // list items stay list items
                #expect(text.contains(collapseWhitespace(words)), "\(prefix): \(line)")
            }
            for furniture in ["Post Comment", "Loading Now", "Also read:", "CLICK HERE", "whatsapp.com", "Discover more", "Subscribe to", "____", "Share this story"] {
                #expect(!article.markdown.contains(furniture), "\(prefix): \(furniture)")
            }
        }
    }

    @Test("titles: headline first line, or untitled")
    func titles() throws {
        #expect(try prepare(Self.seed("000")).get().title == "Al-Qaeda-Linked Group Claims Responsibility for Bamako Attack")
        #expect(try prepare(Self.seed("004")).get().title == "Militant Attack in Bamako Leaves Over 70 Dead and 200 Wounded")
        #expect(try prepare(Self.seed("001"), source: "one-africa-news-today").get().title == "Untitled report from one-africa-news-today")
        #expect(try prepare(Self.seed("003"), source: "independent-press").get().title == "Untitled report from independent-press")
        #expect(try prepare(Self.seed("004")).get().markdown.contains("Original Source: www.arabnews.com"))
    }

    @Test("an empty file, or one with only furniture, is an error")
    func empty() {
        for input in ["", "\n\n  \n", "Post Comment\nLoading Now\n"] {
            guard case .failure(let diagnostics) = prepare(Array(input.utf8)) else {
                Issue.record("expected an error for \(input.debugDescription)")
                continue
            }
            #expect(diagnostics.sorted.map(\.description) == ["in.txt:1:1: error: the file holds no text to import"])
        }
    }

    @Test("CRLF and LF give the same working copy; the archive keeps the CRLF bytes")
    func crlf() throws {
        let lf = "Headline Without A Period\nFirst paragraph.\n- item one\n- item two\nLast line.\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let a = try prepare(Array(lf.utf8)).get(), b = try prepare(Array(crlf.utf8)).get()
        #expect(b.archive == Array(crlf.utf8))
        #expect(a.title == "Headline Without A Period")
        #expect(
            a.markdown.components(separatedBy: "---\n").last == b.markdown.components(separatedBy: "---\n").last)
        #expect(a.markdown.hasSuffix("---\nFirst paragraph.\n\n- item one\n- item two\n\nLast line.\n"))
        #expect(!b.markdown.contains("\r"))
    }

    @Test("no title line: untitled, slug from the source and the checksum")
    func noTitle() throws {
        let bytes = Array("This first line is a sentence, so it is not a headline.\nMore text.\n".utf8)
        let article = try prepare(bytes).get()
        #expect(article.title == "Untitled report from wire")
        #expect(article.slug == "wire-" + ArchiveCheck.sha256Hex(bytes).prefix(8))
        #expect(article.markdown.hasPrefix("---\ntitle: \"Untitled report from wire\"\nsource: wire\nincidents: [bamako-2024-09-17]\n"))
    }

    @Test("Markdown syntax in the text is escaped, so it renders as written")
    func escaping() throws {
        let lines = ["# not a heading", "1. not a list", "*not emphasis* and _this_ [not](a link) <b>no html</b> & `no code`", "--- not a rule", "+ plus", "a | b | c"]
        let article = try prepare(Array(("Some Headline Here\n" + lines.joined(separator: "\n") + "\n").utf8)).get()
        let text = renderedText(article)
        for line in lines { #expect(text.contains(line), "\(line)") }
        let html = CmarkRenderer().render(MarkdownInput(article.markdown.components(separatedBy: "---\n").last!)).html
        #expect(!html.contains("<h1>") && !html.contains("<ol>") && !html.contains("<em>") && !html.contains("<a "))
    }

    @Test("an existing slug gets the source appended; if that exists too, the import is refused")
    func existingSlug() throws {
        let bytes = Array("Some Headline Here\nText.\n".utf8)
        #expect(try prepare(bytes, existing: ["content/articles/some-headline-here.md"]).get().slug == "some-headline-here-wire")
        let refused = prepare(bytes, existing: ["content/articles/some-headline-here.md", "content/articles/some-headline-here-wire.md"])
        guard case .failure(let diagnostics) = refused else {
            Issue.record("expected a refusal")
            return
        }
        #expect(diagnostics.sorted.first?.message == "article 'some-headline-here-wire' already exists; refusing to overwrite it (choose another with --slug)")
    }

    @Test("a dateline gives the published date unless --published is given")
    func dateline() throws {
        #expect(ArticleImporter.dateline("Fri 20 September 2024:") == DayDate("2024-09-20"))
        #expect(ArticleImporter.dateline("September 20, 2024") == DayDate("2024-09-20"))
        #expect(ArticleImporter.dateline("The attack on 20 September 2024 was deadly") == nil)
        let given = try prepare(Self.seed("003"), published: DayDate("2024-09-21")).get()
        #expect(given.published == DayDate("2024-09-21"))
    }

    @Test("run writes both files and never overwrites")
    func writes() throws {
        let folder = try ScratchFolders.make("dossier-import")
        let input = folder.appendingPathComponent("in.txt")
        try Data("Some Headline Here\nText.\n".utf8).write(to: input)
        let request = ImportRequest(file: input.path, source: "wire", into: folder.path)
        let first = try ArticleImporter.run(request).get()
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent(first.archivePath).path) == Data("Some Headline Here\nText.\n".utf8))
        let second = try ArticleImporter.run(request).get()
        #expect(second.slug == "some-headline-here-wire")
        guard case .failure = ArticleImporter.run(request) else {
            Issue.record("the third import must be refused")
            return
        }
    }
}
