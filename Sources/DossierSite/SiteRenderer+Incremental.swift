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
        _ plan: PagePlan, previous: [String: String], salt: String?, batchSize: Int? = nil,
        width: Int = Parallel.defaultWidth, sink: (PageBatch) throws -> Void
    ) rethrows {
        try sink(PageBatch(rendered: assets()))
        let batchSize = batchSize ?? Self.batchSize(pages: plan.pages.count)
        var start = 0
        while start < plan.pages.count {
            let end = min(start + batchSize, plan.pages.count)
            let pages = Array(plan.pages[start..<end])
            let results = Parallel.map(pages, width: width) { (page: PlannedPage) -> (String, String, RenderedFile?) in
                guard let salt else {
                    let (model, template) = self.model(page)
                    return (page.path, "", RenderedFile(path: page.path, bytes: templates.renderBytes(model, template: template)))
                }
                let template = page.templateName
                let pageSalt = salt + "\u{0}" + page.path + "\u{0}" + template
                switch self.fingerprintModel(page) {
                case .article(var article, let r):
                    let fingerprint = PageFingerprint.of(article, salt: pageSalt)
                    if previous[page.path] == fingerprint { return (page.path, fingerprint, nil) }
                    article.body = builder.articleBody(r, root: page.siteRoot)
                    return (page.path, fingerprint, RenderedFile(path: page.path, bytes: templates.renderBytes(article, template: template)))
                case .page(let model):
                    let fingerprint = PageFingerprint.of(model, salt: pageSalt)
                    if previous[page.path] == fingerprint { return (page.path, fingerprint, nil) }
                    return (page.path, fingerprint, RenderedFile(path: page.path, bytes: templates.renderBytes(model, template: template)))
                }
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

extension SiteRenderer {
    /// Pages rendered per batch: at least 16 batches, so the writer works on one while the next
    /// renders (with 1,024 pages a batch, a 1,000-article site was one batch rendered, then written
    /// with the render threads idle); at least 64 pages, so each batch's parallel step is worth
    /// its start; at most 1,024, so a large site is never held in memory whole.
    static func batchSize(pages: Int) -> Int {
        min(1024, max(64, (pages + 15) / 16))
    }

    /// The view model to fingerprint a page by. An article page whose body's analysis has a key
    /// (the build cache is in use) names the key instead of holding the HTML: the key covers
    /// everything the HTML is made from, and the HTML need not be rendered for the many pages
    /// that stay as they were. Its body is then set to the real HTML (`PageBuilder.articleBody`)
    /// for rendering; it is handed back as an `ArticlePage`, not as `any PageModel`, so that
    /// happens in place, with no cast and no copy of the page.
    func fingerprintModel(_ page: PlannedPage) -> FingerprintModel {
        if case .article(let r) = page.kind, builder.graph.analyst.articleKeys.indices.contains(r),
            let key = builder.graph.analyst.articleKeys[r]
        {
            // NUL never occurs in rendered HTML (cmark replaces it), so no body looks like this.
            return .article(builder.article(r, root: page.siteRoot, body: "\u{0}analysis \(key)"), r)
        }
        return .page(self.model(page).model)
    }

    enum FingerprintModel {
        /// Article `r`'s page, its body naming its analysis key.
        case article(ArticlePage, Int)
        case page(any PageModel)
    }
}
