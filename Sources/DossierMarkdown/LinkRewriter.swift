import CCmarkGFM

/// Walks the node tree and fixes link and image destinations:
/// root-relative links become relative to the page, and script-capable URL schemes are dropped.
struct LinkRewriter {
    let siteRoot: String

    /// URL schemes that can run code in a browser. Links with them lose their destination.
    static let blockedSchemes: Set<String> = ["javascript", "vbscript", "data"]

    /// Rewrites in place and returns the final destinations, and where they start, in document order.
    func rewrite(_ document: OpaquePointer) -> (links: [String], positions: [MarkdownPosition]) {
        var links: [String] = []
        var positions: [MarkdownPosition] = []
        guard let iterator = cmark_iter_new(document) else { return (links, positions) }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { continue }
            let original = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            let rewritten = Self.rewrite(original, siteRoot: siteRoot)
            if rewritten != original {
                cmark_node_set_url(node, rewritten)
            }
            links.append(rewritten)
            positions.append(
                MarkdownPosition(
                    line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node))))
        }
        return (links, positions)
    }

    static func rewrite(_ url: String, siteRoot: String) -> String {
        if isBlocked(url) { return "" }
        if url.hasPrefix("/") && !url.hasPrefix("//") {
            return siteRoot + url.dropFirst()
        }
        return url
    }

    /// True for `javascript:`, `vbscript:` and `data:` URLs, however they are cased or padded.
    static func isBlocked(_ url: String) -> Bool {
        // Browsers ignore ASCII whitespace and control characters inside the scheme.
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar == ":" { return blockedSchemes.contains(scheme.lowercased()) }
            if scalar.value <= 0x20 { continue }
            if !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "+-.".unicodeScalars.contains(scalar)) {
                return false
            }
            scheme.unicodeScalars.append(scalar)
        }
        return false
    }
}

/// URLs that can run code in a browser (`javascript:`, `vbscript:`, `data:`), for checks outside Markdown.
public enum ScriptURL {
    public static func isBlocked(_ url: String) -> Bool { LinkRewriter.isBlocked(url) }
}
