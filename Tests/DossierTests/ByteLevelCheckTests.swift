import Crypto
import DossierDiagnostics
import Foundation
import Testing

@testable import DossierOutput
@testable import DossierSite

/// The checks that moved from Foundation's string search to the bytes behave as before: each is
/// compared with the Foundation formulation it replaced, on chosen and on random inputs.
@Suite("Byte-level checks")
struct ByteLevelCheckTests {
    /// `ExternalURL.safe` as it was written with Foundation.
    static func safeWithFoundation(_ url: String?) -> String? {
        guard let url = url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) else { return nil }
        return url
    }

    static let addresses: [String?] = [
        nil, "", " ", "https://example.org/a", "http://example.org", "HTTPS://EXAMPLE.ORG", "HtTp://x",
        "  https://example.org/trimmed  ", "\thttps://tab.example\t", "javascript:alert(1)", "JAVASCRIPT://x",
        "data:text/html,x", "/relative", "https:/one-slash", "https:", "http", "httpx://x", "httpss://x",
        "ftp://x", "https://has space", "https://ctrl\u{1}char", "\u{00A0}https://nbsp.example\u{00A0}",
        "ｈttps://fullwidth", "https://例え.jp/パス", "HTTPs://mixed.Case/Path",
    ]

    @Test("safe external addresses: the same answers as the Foundation version")
    func externalURL() {
        for url in Self.addresses {
            #expect(ExternalURL.safe(url) == Self.safeWithFoundation(url), "\(String(describing: url))")
        }
        #expect(ExternalURL.safe("HTTPS://EXAMPLE.ORG") == "HTTPS://EXAMPLE.ORG")
        #expect(ExternalURL.safe("javascript:alert(1)") == nil)
        var generator = SystemRandomNumberGenerator()
        let pieces = ["h", "H", "t", "T", "p", "P", "s", "S", ":", "/", " ", "\t", "x", ".", "\u{1}", "é"]
        for _ in 0..<5_000 {
            let url = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
            #expect(ExternalURL.safe(url) == Self.safeWithFoundation(url), "\(url)")
        }
    }

    @Test("the whitespace test of addresses holds what CharacterSet.whitespaces holds, for every scalar")
    func whitespaceScalars() {
        var differing: [UInt32] = []
        var count = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = CharacterSet.whitespaces.contains(scalar)
            if ExternalURL.isWhitespace(scalar) != expected { differing.append(value) }
            if expected { count += 1 }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
        #expect(count > 10)
    }

    @Test("links in Markdown bodies are looked for exactly where `](` or `]:` occurs")
    func mayHoldLink() {
        let pieces = ["]", "(", ":", "[", "x", " ", "\n", "é", "](", "]:"]
        for _ in 0..<5_000 {
            let body = (0..<Int.random(in: 0...8)).map { _ in pieces.randomElement()! }.joined()
            let expected = body.contains("](") || body.contains("]:")
            #expect(ContentLink.mayHoldLink(body) == expected, "\(body)")
        }
        #expect(ContentLink.mayHoldLink("see [x](../y/)"))
        #expect(ContentLink.mayHoldLink("[x]: /incidents/a/"))
        #expect(!ContentLink.mayHoldLink("[x] (y) and ] :"))
    }

    @Test("attribute values with and without character references")
    func decodeEntities() {
        #expect(HTMLScanner.decodeEntities("../x/") == "../x/")
        #expect(HTMLScanner.decodeEntities("a&amp;b&lt;&#x41;&#66;&bogus;&") == "a&b<AB&bogus;&")
    }

    @Test("output paths sort by bytes, as the generic comparison sorted them")
    func pathOrder() {
        let pieces = ["a", "b", "/", "-", "é", "Z", "0", "ab", "index.html", "\u{10FFFF}"]
        for _ in 0..<500 {
            let paths = (0..<Int.random(in: 0...30)).map { _ in
                (0..<Int.random(in: 0...4)).map { _ in pieces.randomElement()! }.joined()
            }
            #expect(Manifest.sortedPaths(paths) == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            for (a, b) in zip(paths, paths.reversed()) {
                #expect(a.bytesPrecede(b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) \(b)")
            }
        }
    }

    /// `LinkChecker.hasScheme` as it was written on Unicode scalars.
    static func hasSchemeByScalars(_ href: String) -> Bool {
        for (n, scalar) in href.unicodeScalars.enumerated() {
            if scalar == ":" { return n > 0 }
            let isSchemeCharacter = (scalar.isASCII && scalar.properties.isAlphabetic)
                || (n > 0 && "0123456789+-.".unicodeScalars.contains(scalar))
            if !isSchemeCharacter { return false }
        }
        return false
    }

    @Test("a link's scheme is recognised as on Unicode scalars")
    func scheme() {
        let pieces = ["a", "Z", "1", "+", "-", ".", ":", "/", "é", "ß", "@", " ", "[", "`", "{"]
        for _ in 0..<5_000 {
            let href = (0..<Int.random(in: 0...6)).map { _ in pieces.randomElement()! }.joined()
            #expect(LinkChecker.hasScheme(href) == Self.hasSchemeByScalars(href), "\(href)")
        }
        #expect(LinkChecker.hasScheme("https://example.org"))
        #expect(LinkChecker.hasScheme("mailto:x@example.org"))
        #expect(!LinkChecker.hasScheme("../incidents/x/"))
        #expect(!LinkChecker.hasScheme(":x"))
    }
}

@Suite("Hexadecimal digests")
struct HexStringTests {
    @Test("every byte gives its two lower-case digits, from arrays, slices and digests alike")
    func digits() {
        let all = (0...255).map { UInt8($0) }
        let expected = all.map { byte -> String in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        #expect(all.hexString == expected)
        #expect(all[16..<18].hexString == "1011")
        #expect(AnySequence(all).hexString == expected)  // no contiguous storage
        #expect([UInt8]().hexString == "")
        #expect(SHA256.hash(data: Array("abc".utf8)).hexString
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
