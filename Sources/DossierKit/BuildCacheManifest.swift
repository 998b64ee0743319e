import DossierDiagnostics
import Foundation

extension BuildCache {
    /// The manifest file: one record a line, fields separated by tabs, text fields escaped.
    /// Plain text rather than JSON: at 100,000 articles it parses in a fraction of the time.
    public struct Manifest: Sendable {
        var tool: String
        var output: String
        var digest: String
        var salt: String
        var fingerprintTakenAt: Int64
        var pages: Int
        var pageFingerprints: [String: String]
        var inputs: [Input]
        var outputs: [OutputFile]
        var diagnostics: [Diagnostic]

        var text: String {
            var bytes: [UInt8] = []
            _ = write { bytes.append(contentsOf: $0); return true }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// The manifest's text, handed to `emit` in pieces (at 100,000 articles it is tens of
        /// megabytes, and building it whole, as lines and then joined, raised the peak memory).
        /// The records are formatted on every thread, a window of runs at a time, and emitted in
        /// order: formatted on one thread they were ~30 ms at the end of a cold 10k build.
        /// False when `emit` refused bytes.
        func write(_ emit: (UnsafeRawBufferPointer) -> Bool) -> Bool {
            var head: [UInt8] = []
            for text in [
                BuildCache.format, "tool\t" + escape(tool), "output\t" + escape(output), "digest\t" + digest,
                "salt\t" + salt, "taken\t\(fingerprintTakenAt)", "pages\t\(pages)",
            ] {
                head.append(contentsOf: text.utf8)
                head.append(UInt8(ascii: "\n"))
            }
            guard head.withUnsafeBytes(emit) else { return false }
            let records = Records(
                inputs: inputs, outputs: outputs, pages: pageFingerprints.sorted(by: { $0.key < $1.key }),
                diagnostics: diagnostics)
            let run = 2048
            let window = run * 4 * Parallel.defaultWidth
            var first = 0
            while first < records.count {
                let end = min(records.count, first + window)
                let pieces = Parallel.map(Array(stride(from: first, to: end, by: run))) { start -> [UInt8] in
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(run * 128)
                    for r in start..<min(start + run, end) { records.append(r, to: &bytes) }
                    return bytes
                }
                for piece in pieces {
                    guard piece.withUnsafeBytes(emit) else { return false }
                }
                first = end
            }
            return true
        }

        /// The manifest's records after its header, by number: inputs, outputs, pages, diagnostics.
        private struct Records: Sendable {
            let inputs: [Input]
            let outputs: [OutputFile]
            let pages: [(key: String, value: String)]
            let diagnostics: [Diagnostic]

            var count: Int { inputs.count + outputs.count + pages.count + diagnostics.count }

            func append(_ record: Int, to bytes: inout [UInt8]) {
                var r = record
                func field(_ text: String) {
                    bytes.append(contentsOf: text.utf8)
                    bytes.append(UInt8(ascii: "\t"))
                }
                func last(_ text: String) {
                    bytes.append(contentsOf: text.utf8)
                    bytes.append(UInt8(ascii: "\n"))
                }
                func stamp(_ stamp: FileStamp) {
                    field(String(stamp.size))
                    field(String(stamp.mtime))
                    field(String(stamp.ctime))
                    field(String(stamp.inode))
                }
                if r < inputs.count {
                    field("in")
                    stamp(inputs[r].stamp)
                    field(inputs[r].sha256)
                    last(escape(inputs[r].path))
                    return
                }
                r -= inputs.count
                if r < outputs.count {
                    field("out")
                    stamp(outputs[r].stamp)
                    last(escape(outputs[r].path))
                    return
                }
                r -= outputs.count
                if r < pages.count {
                    field("page")
                    field(pages[r].value)
                    last(escape(pages[r].key))
                    return
                }
                let d = diagnostics[r - pages.count]
                field("diag")
                field(d.severity.rawValue)
                field(String(d.location.line))
                field(String(d.location.column))
                field(escape(d.location.path))
                last(escape(d.message))
            }
        }

        init(
            tool: String, output: String, digest: String, salt: String, fingerprintTakenAt: Int64, pages: Int,
            pageFingerprints: [String: String], inputs: [Input], outputs: [OutputFile], diagnostics: [Diagnostic]
        ) {
            self.tool = tool
            self.output = output
            self.digest = digest
            self.salt = salt
            self.fingerprintTakenAt = fingerprintTakenAt
            self.pages = pages
            self.pageFingerprints = pageFingerprints
            self.inputs = inputs
            self.outputs = outputs
            self.diagnostics = diagnostics
        }

        /// Nil for anything but a complete manifest of this format.
        init?(text: String) {
            guard text.hasPrefix(BuildCache.format + "\n"), text.hasSuffix("\n") else { return nil }
            // Split on bytes: String's Character-based `split` showed in the profile of a rebuild.
            let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .dropLast().dropFirst().map { Substring($0) }
            // Parsed in parallel, in runs of lines whose results are joined in order.
            let width = Parallel.defaultWidth
            let size = max(4096, (lines.count + width - 1) / max(width, 1))
            let runs = stride(from: 0, to: lines.count, by: size).map { $0..<min($0 + size, lines.count) }
            let parts = Parallel.map(runs, width: width) { run in Part(lines[run]) }
            var tool: String?, output: String?, digest: String?, salt: String?, taken: Int64?, pages: Int?
            var pageFingerprints: [String: String] = [:]
            var inputs: [Input] = [], outputs: [OutputFile] = [], diagnostics: [Diagnostic] = []
            pageFingerprints.reserveCapacity(parts.reduce(0) { $0 + ($1?.pages.count ?? 0) })
            for part in parts {
                guard let part else { return nil }
                tool = part.tool ?? tool
                output = part.output ?? output
                digest = part.digest ?? digest
                salt = part.salt ?? salt
                taken = part.taken ?? taken
                pages = part.pageCount ?? pages
                for (path, fingerprint) in part.pages { pageFingerprints[path] = fingerprint }
                inputs.append(contentsOf: part.inputs)
                outputs.append(contentsOf: part.outputs)
                diagnostics.append(contentsOf: part.diagnostics)
            }
            guard let tool, let output, let digest, let salt, let taken, let pages else { return nil }
            self.init(
                tool: tool, output: output, digest: digest, salt: salt, fingerprintTakenAt: taken, pages: pages,
                pageFingerprints: pageFingerprints, inputs: inputs, outputs: outputs, diagnostics: diagnostics)
        }

        /// The records of a run of lines; nil when one is not a record of this format.
        private struct Part: Sendable {
            var tool: String?, output: String?, digest: String?, salt: String?, taken: Int64?, pageCount: Int?
            var pages: [(String, String)] = []
            var inputs: [Input] = [], outputs: [OutputFile] = [], diagnostics: [Diagnostic] = []

            init?(_ lines: ArraySlice<Substring>) {
                for line in lines {
                    let f = line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                        .map { Substring($0) }
                    switch (f.first, f.count) {
                    case ("tool", 2): tool = unescape(f[1])
                    case ("output", 2): output = unescape(f[1])
                    case ("digest", 2): digest = String(f[1])
                    case ("salt", 2): salt = String(f[1])
                    case ("page", 3): pages.append((unescape(f[2]), String(f[1])))
                    case ("taken", 2): taken = Int64(f[1])
                    case ("pages", 2): pageCount = Int(f[1])
                    case ("in", 7):
                        guard let stamp = parseStamp(f[1...4]) else { return nil }
                        inputs.append(Input(path: unescape(f[6]), stamp: stamp, sha256: String(f[5])))
                    case ("out", 6):
                        guard let stamp = parseStamp(f[1...4]) else { return nil }
                        outputs.append(OutputFile(path: unescape(f[5]), stamp: stamp))
                    case ("diag", 6):
                        guard let severity = Severity(rawValue: String(f[1])), let line = Int(f[2]), let column = Int(f[3])
                        else { return nil }
                        diagnostics.append(
                            Diagnostic(
                                severity, SourceLocation(path: unescape(f[4]), line: line, column: column), unescape(f[5])))
                    default:
                        return nil
                    }
                }
            }
        }
    }
}

private func parseStamp(_ fields: ArraySlice<Substring>) -> FileStamp? {
    let f = Array(fields)
    guard f.count == 4, let size = Int64(f[0]), let mtime = Int64(f[1]), let ctime = Int64(f[2]),
        let inode = UInt64(f[3])
    else { return nil }
    return FileStamp(size: size, mtime: mtime, ctime: ctime, inode: inode)
}

/// `%`, tab, line feed and carriage return as `%25`, `%09`, `%0A`, `%0D`.
private func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x25 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "%": result += "%25"
        case "\t": result += "%09"
        case "\n": result += "%0A"
        case "\r": result += "%0D"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

private func unescape(_ text: Substring) -> String {
    guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }  // not Foundation's search
    return String(text)
        .replacingOccurrences(of: "%09", with: "\t")
        .replacingOccurrences(of: "%0A", with: "\n")
        .replacingOccurrences(of: "%0D", with: "\r")
        .replacingOccurrences(of: "%25", with: "%")
}
