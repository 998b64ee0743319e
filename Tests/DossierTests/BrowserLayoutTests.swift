import Foundation
import Testing

/// Loads generated pages in a real browser (headless Chromium from Debian, which
/// `Scripts/with-deps swift test` installs) and checks the layout a reader gets on a phone.
@Suite("Pages in a real browser")
struct BrowserLayoutTests {
    /// Loads each page into a 360-pixel-wide frame and returns [page, scrollWidth, clientWidth].
    static func measure(pages: [URL], width: Int) throws -> [(page: String, scroll: Int, client: Int)] {
        let folder = try TestSupport.temporaryFolder("browser")
        let list = pages.map { "\"\($0.absoluteString)\"" }.joined(separator: ",")
        let harness = """
            <!doctype html><html><body><pre id="out">pending</pre><script>
            const pages = [\(list)];
            const results = []; let i = 0;
            const frame = document.createElement("iframe");
            frame.style.width = "\(width)px"; frame.style.height = "640px"; frame.style.border = "0";
            document.body.appendChild(frame);
            function next() {
              if (i >= pages.length) { document.getElementById("out").textContent = JSON.stringify(results); return; }
              frame.src = pages[i];
            }
            frame.onload = () => {
              const d = frame.contentDocument.documentElement;
              results.push([pages[i], d.scrollWidth, d.clientWidth]); i++; next();
            };
            next();
            </script></body></html>
            """
        let harnessURL = folder.appendingPathComponent("harness.html")
        try harness.write(to: harnessURL, atomically: true, encoding: .utf8)
        let (_, dom) = try TrustTestSupport.runCapturingOutput(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                "--virtual-time-budget=60000", "--dump-dom", harnessURL.absoluteString,
            ])
        let start = try #require(dom.range(of: "<pre id=\"out\">"), "Chromium did not run: install it (Scripts/with-deps swift test)")
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let json = Data(dom[start.upperBound..<end.lowerBound].utf8)
        let rows = try #require(try JSONSerialization.jsonObject(with: json) as? [[Any]], "no measurements: \(dom.prefix(300))")
        return rows.map { ($0[0] as? String ?? "", $0[1] as? Int ?? -1, $0[2] as? Int ?? -1) }
    }

    @Test("no page of the Bamako dossier scrolls sideways on a 360-pixel phone screen")
    func phoneWidth() throws {
        let (output, _) = try TestSupport.build(TestSupport.repositoryRoot)
        let pages = TestSupport.files(under: output).filter { $0.hasSuffix(".html") }.map { output.appendingPathComponent($0) }
        #expect(pages.count > 20)
        let rows = try Self.measure(pages: pages, width: 360)
        #expect(rows.count == pages.count)
        for row in rows {
            #expect(row.client > 300, "\(row.page) did not load")
            #expect(row.scroll <= row.client, "\(row.page) is \(row.scroll)px wide in a \(row.client)px screen")
        }
    }

    @Test("the measurement does catch a page that is too wide")
    func catchesOverflow() throws {
        let folder = try TestSupport.temporaryFolder("wide")
        let page = folder.appendingPathComponent("wide.html")
        try "<!doctype html><html lang=\"en\"><title>w</title><div style=\"width:900px\">wide</div></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let rows = try Self.measure(pages: [page], width: 360)
        #expect(rows.first.map { $0.scroll > $0.client } == true)
    }
}
