import DossierContent
import DossierDiagnostics
import DossierSite
import Crypto
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

    @Test("the digest of a site's files and ids is the one its definition gives (random sites)")
    func environmentDigest() {
        // The definition: every item as its length in decimal, a colon and its bytes; files sorted,
        // then each page (sorted) with its id count and sorted ids.
        func reference(_ files: Set<String>, _ ids: [String: Set<String>]) -> String {
            var bytes: [UInt8] = []
            func add(_ text: String) { bytes += Array("\(text.utf8.count):\(text)".utf8) }
            add("files \(files.count)")
            for file in files.sorted(by: { $0.bytesPrecede($1) }) { add(file) }
            add("ids \(ids.count)")
            for (page, pageIDs) in ids.sorted(by: { $0.key.bytesPrecede($1.key) }) {
                add(page)
                add("\(pageIDs.count)")
                for id in pageIDs.sorted(by: { $0.bytesPrecede($1) }) { add(id) }
            }
            return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        }
        var random = SystemRandomNumberGenerator()
        func name() -> String {
            // Lengths from 0 to past 100, so every number of length digits occurs.
            let length = [0, 1, 9, 10, 11, 99, 100, 101, 1234].randomElement(using: &random)!
            return String((0..<length).map { _ in "aé/-x".randomElement(using: &random)! })
        }
        for _ in 0..<50 {
            let files = Set((0..<Int.random(in: 0...40, using: &random)).map { _ in name() })
            var ids: [String: Set<String>] = [:]
            for _ in 0..<Int.random(in: 0...20, using: &random) {
                ids[name()] = Set((0..<Int.random(in: 0...12, using: &random)).map { _ in name() })
            }
            #expect(LinkCheckCache.environment(files: files, ids: ids) == reference(files, ids))
        }
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
