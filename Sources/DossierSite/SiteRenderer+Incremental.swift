import DossierDiagnostics

/// One batch of an incremental render.
public struct PageBatch: Sendable {
    /// Files rendered in this batch.
    public var rendered: [RenderedFile] = []
    /// Pages whose fingerprint is the previous build's: their output file is already right.
    public var kept: [String] = []
    /// The fingerprint of every page in the batch, to record for the next build.
    public var fingerprints: [(path: String, fingerprint: String)] = []

    public init(rendered: [RenderedFile] = [], kept: [String] = [], fingerprints: [(path: String, fingerprint: String)] = []) {
        self.rendered = rendered
        self.kept = kept
        self.fingerprints = fingerprints
    }
}

extension SiteRenderer {
    /// Renders every page in parallel, handing finished batches to `sink` in plan order, so a large
    /// site is never held in memory all at once. Skips the pages whose view-model fingerprint
    /// (salted with what else decides the bytes: templates, tool, path) equals `previous[path]`,
    /// the previous build's.
    /// Pass an empty `previous` to render everything and only collect fingerprints, and a nil
    /// `salt` to render everything without fingerprints (no build cache).
    public func renderAll(
        _ plan: PagePlan, previous: [String: String], salt: String?, batchSize: Int = 1024,
        width: Int = Parallel.defaultWidth, sink: (PageBatch) throws -> Void
    ) rethrows {
        try sink(PageBatch(rendered: assets()))
        var start = 0
        while start < plan.pages.count {
            let end = min(start + batchSize, plan.pages.count)
            let pages = Array(plan.pages[start..<end])
            let results = Parallel.map(pages, width: width) { (page: PlannedPage) -> (String, String, RenderedFile?) in
                let (model, template) = self.model(page)
                guard let salt else {
                    return (page.path, "", RenderedFile(path: page.path, text: templates.render(model, template: template)))
                }
                let fingerprint = PageFingerprint.of(model, salt: salt + "\u{0}" + page.path + "\u{0}" + template)
                if previous[page.path] == fingerprint { return (page.path, fingerprint, nil) }
                return (page.path, fingerprint, RenderedFile(path: page.path, text: templates.render(model, template: template)))
            }
            var batch = PageBatch()
            for (path, fingerprint, file) in results {
                if salt != nil { batch.fingerprints.append((path, fingerprint)) }
                if let file { batch.rendered.append(file) } else { batch.kept.append(path) }
            }
            try sink(batch)
            start = end
        }
    }
}
