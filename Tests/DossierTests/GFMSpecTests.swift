import DossierMarkdown
import Foundation
import Testing

/// Conformance of the Markdown layer against the GFM spec examples in `../shared/gfm-spec/`
/// (read at test time, not copied into the project).
@Suite("GFM spec conformance")
struct GFMSpecTests {
    struct Example {
        var number: Int
        /// "disabled" examples and ones whose output is `<IGNORE>` are not meant to be compared.
        var comparable: Bool
        var markdown: String
        var html: String
    }

    static let specFolder = TestSupport.sharedFolder.appendingPathComponent("gfm-spec")

    /// Parses the spec's fenced examples: markdown, a line with a single dot, then HTML.
    static func examples(_ file: String) throws -> [Example] {
        let text = try String(contentsOf: specFolder.appendingPathComponent(file), encoding: .utf8)
        let fence = String(repeating: "`", count: 32)
        var examples: [Example] = []
        var lines = text.components(separatedBy: "\n")[...]
        var number = 0
        while let line = lines.popFirst() {
            guard line.hasPrefix(fence + " example") else { continue }
            let disabled = line.contains("disabled")
            number += 1
            var markdown: [String] = [], html: [String] = []
            var inHTML = false
            while let body = lines.popFirst(), body != fence {
                if body == "." && !inHTML {
                    inHTML = true
                } else if inHTML {
                    html.append(body)
                } else {
                    markdown.append(body)
                }
            }
            func untab(_ lines: [String]) -> String {
                lines.map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
            }
            examples.append(
                Example(
                    number: number, comparable: !disabled && html != ["<IGNORE>"], markdown: untab(markdown),
                    html: untab(html)))
        }
        return examples
    }

    /// Examples whose expected output differs on purpose: our renderer drops `javascript:`/`data:`
    /// destinations and always applies GFM's tagfilter, which the plain spec examples do not.
    static func isDeliberateDifference(_ example: Example) -> Bool {
        let lower = example.markdown.lowercased()
        let filteredTags = ["<title", "<textarea", "<style", "<xmp", "<iframe", "<noembed", "<noframes", "<script", "<plaintext"]
        return lower.contains("javascript:") || lower.contains("vbscript:") || lower.contains("data:")
            || filteredTags.contains { lower.contains($0) }
    }

    /// Examples that differ for a known reason, so any other difference fails the test.
    /// spec.txt: 610, 614, 616, 619, 620 show plain CommonMark without the autolink extension, which
    /// dossier always enables (the extension links the bare URLs and e-mail addresses in them).
    /// extensions.txt: 23 shows the footnote markup of an older cmark-gfm; Debian's 0.29.0.gfm.6
    /// writes `fn-1`/`data-footnote-ref` instead.
    static let knownDifferences: [String: [Int]] = [
        "spec.txt": [610, 614, 616, 619, 620],
        "extensions.txt": [23],
    ]

    @Test("every spec example renders as cmark-gfm's reference output, except deliberate safety differences",
          arguments: ["spec.txt", "extensions.txt"])
    func conformance(file: String) throws {
        let examples = try Self.examples(file)
        #expect(examples.count > (file == "spec.txt" ? 600 : 20))
        // Unsafe mode, so raw-HTML examples compare; a site root of "/" keeps "/url" links as written.
        let renderer = CmarkRenderer(options: MarkdownOptions(unsafeHTML: true))
        var failures: [Int] = []
        var skipped = 0
        for example in examples {
            if !example.comparable || Self.isDeliberateDifference(example) {
                skipped += 1
                continue
            }
            let out = renderer.render(MarkdownInput(example.markdown, siteRoot: "/")).html
            // dossier writes table alignment as a style attribute (HTML5 has no `align` on cells).
            var expected = example.html
            for side in ["left", "center", "right"] {
                expected = expected.replacingOccurrences(of: "align=\"\(side)\"", with: "style=\"text-align: \(side)\"")
            }
            if out != expected { failures.append(example.number) }
        }
        #expect(failures == Self.knownDifferences[file], "\(file): examples \(failures) differ (\(skipped) skipped)")
        #expect(skipped * 5 < examples.count, "too many examples skipped: \(skipped)")
    }
}
