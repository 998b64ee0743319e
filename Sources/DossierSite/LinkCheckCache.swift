import Crypto
import DossierDiagnostics

/// A problem found in the links of one generated page: where, and the message without the
/// "generated page: " prefix.
public struct PageLinkProblem: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// The link check's results of the previous build, per page, so a rebuild need not read back and
/// scan the pages it kept, nor check their links again when nothing they can point at changed.
///
/// - A page's scan (ids and links) is keyed on its fingerprint: equal fingerprints mean equal
///   bytes (that is why the page was kept), so the scan is the same.
/// - A page's problems depend only on its links, the content links excluded from it, and what
///   any link can resolve to: the site's files and every page's ids (`environment`). When the
///   environment and the page's excluded links are as recorded, the recorded problems hold.
public struct LinkCheckCache: Sendable {
    public struct Page: Sendable, Equatable {
        public var fingerprint: String
        public var scan: HTMLScan
        /// The content links excluded from the page's check, as `LinkCheckCache.excludedKey` makes them.
        public var excluded: String
        public var problems: [PageLinkProblem]

        public init(fingerprint: String, scan: HTMLScan, excluded: String, problems: [PageLinkProblem]) {
            self.fingerprint = fingerprint
            self.scan = scan
            self.excluded = excluded
            self.problems = problems
        }
    }

    /// `LinkCheckCache.environment(...)` of the build that recorded the pages.
    public var environment: String = ""
    public var pages: [String: Page] = [:]

    public init() {}

    static let magic = "dossier-link-check-cache 1"

    /// A digest of every file of the site and every page's ids.
    public static func environment(files: Set<String>, ids: [String: Set<String>]) -> String {
        var hasher = SHA256()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func add(_ text: String) {
            let count = text.utf8.count
            // The length in decimal, as "\(count)" would write it, without making that string.
            var divisor = 1
            while divisor <= count / 10 { divisor *= 10 }
            while divisor > 0 {
                buffer.append(UInt8(ascii: "0") + UInt8(count / divisor % 10))
                divisor /= 10
            }
            buffer.append(UInt8(ascii: ":"))
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 {
                hasher.update(data: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        add("files \(files.count)")
        let sortedFiles = files.sorted(by: { $0.bytesPrecede($1) })
        for file in sortedFiles { add(file) }
        add("ids \(ids.count)")
        // The pages sorted by name alone: sorting (page, ids) pairs copied each set in and out.
        // Every page is one of the files, nearly always: then they are taken in the files' order
        // instead of being sorted again.
        var pages = sortedFiles.filter { ids[$0] != nil }
        if pages.count != ids.count { pages = ids.keys.sorted(by: { $0.bytesPrecede($1) }) }
        for page in pages {
            let pageIDs = ids[page]!
            add(page)
            add("\(pageIDs.count)")
            for id in pageIDs.sorted(by: { $0.bytesPrecede($1) }) { add(id) }
        }
        hasher.update(data: buffer)
        return hasher.finalize().hexString
    }

    /// The excluded content links of a page, as one string (sorted, NUL-separated).
    public static func excludedKey(_ hrefs: [String]) -> String {
        hrefs.sorted().joined(separator: "\u{0}")
    }

    // MARK: - File

    /// Writes the file page by page, so a build can record its link checks without first
    /// gathering them into a `LinkCheckCache`.
    public struct Encoder {
        let environment: String
        // Link values repeat across pages (navigation): each is written once, then named by number.
        private var table: [String: Int] = [:]
        private var values: [String] = []
        private var body = CacheWriter(capacity: 1 << 20)
        private var count = 0

        public init(environment: String) { self.environment = environment }

        /// An encoder whose value table starts with `linkValues` (a `LinkChecker`'s), so that pages'
        /// links given by number (`add(path:…links:[LinkChecker.Link]…)`) are written as they are.
        public init(environment: String, linkValues: [String]) {
            self.environment = environment
            values = linkValues
        }

        private mutating func index(_ value: String) -> Int {
            if let n = table[value] { return n }
            table[value] = values.count
            values.append(value)
            return values.count - 1
        }

        public mutating func add(
            path: String, fingerprint: String, excluded: String, ids: Set<String>, links: some Collection<ScannedLink>,
            problems: [PageLinkProblem]
        ) {
            addPage(path: path, fingerprint: fingerprint, excluded: excluded, ids: ids, problems: problems, linkCount: links.count) {
                for link in links {
                    $0.body.varint(UInt64($0.index(link.value)))
                    $0.body.int(link.line)
                    $0.body.int(link.column)
                }
            }
        }

        /// The same, with links given by their number in the `linkValues` this encoder started with.
        public mutating func add(
            path: String, fingerprint: String, excluded: String, ids: Set<String>, links: [LinkChecker.Link],
            problems: [PageLinkProblem]
        ) {
            addPage(path: path, fingerprint: fingerprint, excluded: excluded, ids: ids, problems: problems, linkCount: links.count) {
                for link in links {
                    $0.body.varint(UInt64(link.value))
                    $0.body.int(Int(link.line))
                    $0.body.int(Int(link.column))
                }
            }
        }

        private mutating func addPage(
            path: String, fingerprint: String, excluded: String, ids: Set<String>, problems: [PageLinkProblem], linkCount: Int,
            links: (inout Encoder) -> Void
        ) {
            count += 1
            body.string(path)
            body.string(fingerprint)
            body.string(excluded)
            body.varint(UInt64(ids.count))
            for id in ids.sorted() { body.varint(UInt64(index(id))) }
            body.varint(UInt64(linkCount))
            links(&self)
            body.varint(UInt64(problems.count))
            for problem in problems {
                body.int(problem.line)
                body.int(problem.column)
                body.string(problem.message)
            }
        }

        /// The whole file into `w`, which may send it out in pieces (a writer with a sink): at
        /// 100,000 articles the pages' section is tens of megabytes, not to be copied again.
        public func finish(into w: inout CacheWriter) {
            w.begin(magic: LinkCheckCache.magic)
            w.string(environment)
            w.varint(UInt64(values.count))
            for value in values {
                w.string(value)
                w.flushIfFull()
            }
            w.varint(UInt64(count))
            w.raw(body.bytes)
            w.end()
        }
    }

    /// Nil for anything but a whole, undamaged file of this format.
    public init?(decoding bytes: [UInt8]) {
        guard var r = CacheReader.payload(of: bytes, magic: Self.magic) else { return nil }
        do {
            environment = try r.string()
            var values: [String] = []
            let valueCount = try r.count()
            values.reserveCapacity(valueCount)
            for _ in 0..<valueCount { values.append(try r.string()) }
            func value(_ r: inout CacheReader) throws -> String {
                let n = try r.varint()
                guard n < UInt64(values.count) else { throw CacheDecodingError.malformed }
                return values[Int(n)]
            }
            let pageCount = try r.count()
            pages.reserveCapacity(pageCount)
            for _ in 0..<pageCount {
                let path = try r.string()
                let fingerprint = try r.string()
                let excluded = try r.string()
                var scan = HTMLScan()
                let ids = try r.count()
                for _ in 0..<ids { scan.ids.insert(try value(&r)) }
                let links = try r.count()
                scan.links.reserveCapacity(links)
                for _ in 0..<links {
                    let text = try value(&r)
                    scan.links.append(ScannedLink(value: text, line: try r.int(), column: try r.int()))
                }
                var problems: [PageLinkProblem] = []
                let problemCount = try r.count()
                for _ in 0..<problemCount {
                    problems.append(PageLinkProblem(line: try r.int(), column: try r.int(), message: try r.string()))
                }
                pages[path] = Page(fingerprint: fingerprint, scan: scan, excluded: excluded, problems: problems)
            }
            guard r.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}
