import Testing

@testable import DossierMarkdown

@Suite("Mention links")
struct MentionTests {
    let index = MentionIndex(
        aliases: [
            ("JNIM", 0), ("Jama’at Nusrat al-Islam wal-Muslimin", 0), ("al-Qaeda", 1), ("Oumar Diarra", 2),
            ("General Oumar Diarra", 3), ("Mali", 4),
        ],
        paths: ["actors/jnim/", "actors/al-qaeda/", "actors/oumar-diarra/", "actors/general/", "actors/mali/"])

    func render(_ markdown: String, unsafeHTML: Bool = false) -> RenderedMarkdown {
        CmarkRenderer(options: MarkdownOptions(unsafeHTML: unsafeHTML))
            .render(MarkdownInput(markdown, siteRoot: "../../", mentions: index, plainText: true))
    }

    @Test("the first mention of each actor is linked, later ones are not")
    func firstMentionOnly() {
        let out = render("JNIM attacked. JNIM claimed it.\n\nThen JNIM again.\n")
        #expect(out.html == "<p><a href=\"../../actors/jnim/\">JNIM</a> attacked. JNIM claimed it.</p>\n<p>Then JNIM again.</p>\n")
        #expect(out.mentioned == [0])
    }

    @Test("the longest alias wins, and different aliases of one actor link once")
    func longestAlias() {
        let out = render("General Oumar Diarra spoke. Oumar Diarra spoke again. Jama’at Nusrat al-Islam wal-Muslimin (JNIM) too.\n")
        #expect(out.html.contains("<a href=\"../../actors/general/\">General Oumar Diarra</a> spoke."))
        #expect(out.html.contains("<a href=\"../../actors/oumar-diarra/\">Oumar Diarra</a> spoke again"))
        #expect(out.html.contains("<a href=\"../../actors/jnim/\">Jama’at Nusrat al-Islam wal-Muslimin</a> (JNIM) too."))
        #expect(out.mentioned == [3, 2, 0])
    }

    @Test("an alias over a character where cmark's inline parser stops (an entity, `&`, `!`) is found whole")
    func aliasAcrossInlineStops() {
        let index = MentionIndex(aliases: [("Ansar & Dine", 0), ("Katiba! Macina", 1)], paths: ["actors/ansar-dine/", "actors/macina/"])
        let out = CmarkRenderer(options: MarkdownOptions(unsafeHTML: false))
            .render(MarkdownInput("Ansar &amp; Dine and Katiba! Macina met.\n", siteRoot: "../../", mentions: index))
        #expect(
            out.html
                == "<p><a href=\"../../actors/ansar-dine/\">Ansar &amp; Dine</a> and <a href=\"../../actors/macina/\">Katiba! Macina</a> met.</p>\n")
        #expect(out.mentioned == [0, 1])
    }

    @Test("aliases match whole words only")
    func wordBoundaries() {
        let out = render("Malians and JNIMs and Somalia, but al-Qaeda-linked groups in Mali’s capital.\n")
        #expect(out.html == "<p>Malians and JNIMs and Somalia, but <a href=\"../../actors/al-qaeda/\">al-Qaeda</a>-linked groups in <a href=\"../../actors/mali/\">Mali</a>’s capital.</p>\n")
    }

    @Test("text inside links, images, code spans, code blocks, HTML and headings is never linked")
    func excludedContexts() {
        let markdown = """
            # JNIM in the news

            [JNIM statement](https://example.org/) and ![JNIM logo](logo.png) and `JNIM` code.

            ```
            JNIM in a code block
            ```

            <span>JNIM</span> and <a href="x">JNIM</a><br>

            Finally JNIM.

            """
        let out = render(markdown, unsafeHTML: true)
        #expect(out.html.contains("<p><span>JNIM</span> and <a href=\"x\">JNIM</a><br></p>"))
        #expect(out.html.contains("<h1>JNIM in the news</h1>"))
        #expect(out.html.contains("<a href=\"https://example.org/\">JNIM statement</a>"))
        #expect(out.html.contains("alt=\"JNIM logo\""))
        #expect(out.html.contains("<code>JNIM</code>"))
        #expect(out.html.contains("<pre><code>JNIM in a code block\n</code></pre>"))
        #expect(out.html.contains("<p>Finally <a href=\"../../actors/jnim/\">JNIM</a>.</p>"))
        #expect(out.html.components(separatedBy: "actors/jnim/").count == 2)
    }

    @Test("mentions work across emphasis and escapes, and the link text is escaped")
    func emphasisAndEscapes() {
        let out = render("In *Mali* the \\_group\\_ al-Qaeda & JNIM <act>.\n")
        #expect(out.html.contains("<em><a href=\"../../actors/mali/\">Mali</a></em>"))
        #expect(out.html.contains("<a href=\"../../actors/al-qaeda/\">al-Qaeda</a> &amp; <a href=\"../../actors/jnim/\">JNIM</a>"))
    }

    @Test("whitespace collapsing: runs of ASCII whitespace become one space, none at the ends (random texts)")
    func collapsing() {
        var random = SeededGenerator(seed: 11)
        let pieces = ["a", "bc", "é", "\u{00A0}", " ", "  ", "\n", "\t", "\r\n", "\u{0B}", "\u{0C}", "x y"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let words = text.split(whereSeparator: { " \n\t\r\u{0B}\u{0C}".unicodeScalars.contains($0.unicodeScalars.first!) && $0.unicodeScalars.count == 1 || $0 == "\r\n" })
            #expect(collapseWhitespace(text) == words.joined(separator: " "), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("plain text drops Markdown syntax and collapses whitespace")
    func plainText() {
        let out = render("A *b*  \\_c\\_\nd.\n\n- e\n- `f`\n")
        #expect(out.plainText == "A b _c_ d. e f")
    }

    @Test("word boundaries and aliases beyond ASCII: letters with accents are word characters")
    func nonASCII() {
        let index = MentionIndex(aliases: [("Ségou", 0), ("Mali", 1)], paths: ["actors/segou/", "actors/mali/"])
        var linked = Set<Int>()
        let text = "Maliéns, éMali, Ségoua, Ségou’s and Mali."
        let found = index.matches(in: text, linked: &linked)
        #expect(found.map(\.target) == [0, 1])
        let pieces = found.map { match in
            String(decoding: Array(text.utf8)[match.range], as: UTF8.self)
        }
        #expect(pieces == ["Ségou", "Mali"])
    }

    @Test("the word scan gives each word's range and the FNV-1a of its bytes, as a scalar-by-scalar reading does (random texts)")
    func wordScanMatchesReference() {
        /// The reading by scalars: runs of ASCII letters and digits and of alphabetic scalars.
        func referenceWords(_ text: String) -> [(Range<Int>, UInt64)] {
            var words: [(Range<Int>, UInt64)] = []
            var offset = 0, start: Int?
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for scalar in text.unicodeScalars {
                let length = String(scalar).utf8.count
                if MentionIndex.isWord(scalar) {
                    if start == nil { start = offset; hash = 0xcbf2_9ce4_8422_2325 }
                    for byte in String(scalar).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                } else if let first = start {
                    words.append((first..<offset, hash))
                    start = nil
                }
                offset += length
            }
            if let first = start { words.append((first..<offset, hash)) }
            return words
        }
        // Every printable ASCII character on its own too, so each byte's class is tried.
        let pieces = ["Mali", "a", "Z9", " ", ",", "’", "é", "Ségou", "\u{00A0}", "日本", "-", "_", "1", "\u{1F600}", "ß"]
            + (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            var words: [(Range<Int>, UInt64)] = []
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                var position = 0
                while let (range, hash) = MentionIndex.nextWord(bytes, from: position) {
                    words.append((range, hash))
                    position = range.upperBound
                }
            }
            let expected = referenceWords(text)
            #expect(words.map(\.0) == expected.map(\.0), "\(text)")
            #expect(words.map(\.1) == expected.map(\.1), "\(text)")
        }
    }

    @Test("matching finds what a word-by-word reading finds: longest alias at a word's start, first mention only (random texts)")
    func matchesAsWordByWord() {
        let aliases: [(alias: String, target: Int)] = [
            ("Mali", 0), ("Ségou", 1), ("JNIM", 2), ("Oumar Diarra", 3), ("Oumar", 4), ("A.B.", 5), ("Étoile", 6),
            ("Mali Army", 7), ("-x", 8),
        ]
        let index = MentionIndex(aliases: aliases, paths: (0..<9).map { "actors/\($0)/" })
        /// Each word in turn: the longest alias whose first word is that word and whose bytes follow,
        /// not followed by a word character when it ends in one; the words it covers are skipped.
        func reference(_ text: String) -> [(range: Range<Int>, target: Int)] {
            let bytes = Array(text.utf8)
            let candidates = aliases.compactMap { alias, target -> (bytes: [UInt8], first: [UInt8], target: Int)? in
                let a = Array(alias.utf8)
                guard let word = a.withUnsafeBufferPointer({ MentionIndex.nextWord($0, from: 0) }), word.range.lowerBound == 0
                else { return nil }
                return (a, Array(a[word.range]), target)
            }.sorted { l, r in
                let (ln, rn) = (String(decoding: l.bytes, as: UTF8.self), String(decoding: r.bytes, as: UTF8.self))
                let (lc, rc) = (ln.unicodeScalars.count, rn.unicodeScalars.count)
                return lc != rc ? lc > rc : (ln, l.target) < (rn, r.target)
            }
            var found: [(range: Range<Int>, target: Int)] = []
            var linked = Set<Int>()
            bytes.withUnsafeBufferPointer { b in
                var position = 0
                while let (word, _) = MentionIndex.nextWord(b, from: position) {
                    position = word.upperBound
                    for alias in candidates where Array(bytes[word]) == alias.first {
                        let end = word.lowerBound + alias.bytes.count
                        guard end <= bytes.count, Array(bytes[word.lowerBound..<end]) == alias.bytes else { continue }
                        let endsInWord = alias.bytes.withUnsafeBufferPointer { MentionIndex.endsInWord($0) }
                        if end < bytes.count, endsInWord, MentionIndex.wordCharacter(b, at: end).isWord { continue }
                        if linked.insert(alias.target).inserted { found.append((word.lowerBound..<end, alias.target)) }
                        position = end
                        break
                    }
                }
            }
            return found
        }
        let pieces = [
            "Mali", "Ségou", "JNIM", "Oumar", " Diarra", "A.B.", "Étoile", " Army", "-x", "x", "é", "É", " ", ",", "’",
            "-", ".", "日本", "1", "M", "\u{00A0}", "×",
        ]
        var random = SystemRandomNumberGenerator()
        var matched = 0
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            var linked = Set<Int>()
            let found = index.matches(in: text, linked: &linked)
            let expected = reference(text)
            #expect(found.map(\.range) == expected.map(\.range), "\(text)")
            #expect(found.map(\.target) == expected.map(\.target), "\(text)")
            matched += found.count
        }
        #expect(matched > 1000)  // the texts do hold mentions
    }

    @Test("matching itself: first word lookup, longest match, boundaries")
    func matcher() {
        var linked = Set<Int>()
        let found = index.matches(in: "General Oumar Diarra met Oumar Diarra", linked: &linked)
        #expect(found.map(\.target) == [3, 2])
        #expect(found.map(\.range) == [0..<20, 25..<37])
    }
}

@Suite("Whitespace collapsing")
struct WhitespaceCollapserTests {
    @Test("appending a chunk gives what appending its bytes one by one gives (random text, in random chunks)")
    func chunksAsBytes() {
        let pieces: [[UInt8]] = [[0x20], [0x20, 0x20], [0x0A], [0x09], [0x0D, 0x0A], [0x0B], [0x0C], Array("a".utf8), Array("word".utf8), Array("é".utf8), Array("\u{00A0}".utf8)]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let chunks = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                (0..<Int.random(in: 0...8, using: &random)).flatMap { _ in pieces.randomElement(using: &random)! }
            }
            var whole = WhitespaceCollapser(), bytewise = WhitespaceCollapser()
            for chunk in chunks {
                chunk.withUnsafeBufferPointer { whole.append($0) }
                for byte in chunk { bytewise.append(byte) }
            }
            #expect(whole.result == bytewise.result, "\(chunks)")
        }
    }
}
