import DossierContent
import DossierDiagnostics
import DossierSite
import Foundation
import Testing

/// Cache files written through a sink, a megabyte at a time, are the same bytes as written whole.
@Suite("Cache files streamed")
struct CacheStreamingTests {
    /// Collects what a writer with a sink sends, in the pieces it sends them.
    final class Pieces {
        var bytes: [UInt8] = []
        var count = 0
    }

    static func streamed(_ encode: (inout CacheWriter) -> Void) -> (bytes: [UInt8], pieces: Int) {
        let pieces = Pieces()
        var writer = CacheWriter { buffer in
            pieces.bytes.append(contentsOf: buffer)
            pieces.count += 1
            return true
        }
        encode(&writer)
        #expect(writer.ok)
        #expect(writer.bytes.isEmpty)
        return (pieces.bytes, pieces.count)
    }

    @Test("the link-check cache: several megabytes of pages, through a sink and whole")
    func linkChecks() {
        var encoder = LinkCheckCache.Encoder(environment: "env")
        for n in 0..<20_000 {
            let links = (0..<12).map { ScannedLink(value: "../../articles/a\(n * 7 % 997 + $0)/", line: 10 + $0, column: 3) }
            encoder.add(
                path: "articles/a\(n)/index.html", fingerprint: String(repeating: "f", count: 64), excluded: "",
                ids: ["main", "text\(n % 5)"], links: links,
                problems: n.isMultiple(of: 1000) ? [PageLinkProblem(line: 1, column: 2, message: "m\(n)")] : [])
        }
        var writer = CacheWriter()
        encoder.finish(into: &writer)
        let whole = writer.bytes
        let (streamed, pieces) = Self.streamed { encoder.finish(into: &$0) }
        #expect(whole.count > 2 << 20)
        #expect(pieces > 2)
        #expect(streamed == whole)
        let decoded = LinkCheckCache(decoding: streamed)
        #expect(decoded?.pages.count == 20_000)
        #expect(decoded?.pages["articles/a1000/index.html"]?.problems == [PageLinkProblem(line: 1, column: 2, message: "m1000")])
    }

    @Test("raw bytes of another writer go out in pieces and arrive unchanged")
    func raw() {
        let section = (0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var whole = CacheWriter()
        whole.begin(magic: "m")
        whole.raw(section)
        let expected = whole.end()
        let (streamed, pieces) = Self.streamed { writer in
            writer.begin(magic: "m")
            writer.raw(section)
            writer.end()
        }
        #expect(pieces >= 5)
        #expect(streamed == expected)
    }
}
