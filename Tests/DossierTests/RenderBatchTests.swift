import DossierContent
import DossierMarkdown
import DossierTemplates
import Foundation
import Testing

@testable import DossierSite

/// Pages are rendered in batches handed to the writer one by one; how many pages go in a batch
/// changes when they are written, never what is written.
@Suite("Render batches")
struct RenderBatchTests {
    @Test("batches: at least 16 for a site of 1,000 pages or more, 64 to 1,024 pages each")
    func sizes() {
        #expect(SiteRenderer.batchSize(pages: 41) == 64)
        #expect(SiteRenderer.batchSize(pages: 1355) == 85)  // the 1,000-article corpus: 16 batches
        #expect(SiteRenderer.batchSize(pages: 11255) == 704)
        #expect(SiteRenderer.batchSize(pages: 110_255) == 1024)
    }

    @Test("any batch size gives the same files in the same order")
    func sameFiles() throws {
        let root = TestSupport.repositoryRoot
        let (loaded, loadDiagnostics) = ContentLoader(root: root.path).load()
        let content = try #require(loaded, "\(loadDiagnostics.sorted)")
        var (graph, _) = GraphResolver.resolve(content)
        let markdown = CmarkRenderer(options: MarkdownOptions(unsafeHTML: content.config.markdown.unsafeHTML))
        _ = AnalystLayer.resolve(&graph, markdown: markdown, width: 2)
        let renderer = SiteRenderer(graph: graph, markdown: markdown, templates: TemplateSet.compileReporting(overrides: [:]).set)
        let plan = PagePlan(graph: graph)
        func render(_ batchSize: Int?) -> (files: [RenderedFile], batches: Int) {
            var files: [RenderedFile] = []
            var batches = 0
            renderer.renderAll(plan, previous: [:], salt: nil, batchSize: batchSize, width: 2) { batch in
                files += batch.rendered
                batches += 1
            }
            return (files, batches)
        }
        let whole = render(nil)
        #expect(whole.files.count == plan.pages.count + 1)  // and the stylesheet
        #expect(whole.batches == 2)  // the stylesheet, then every page of this small site at once
        for size in [1, 5, 64] {
            let batched = render(size)
            #expect(batched.files == whole.files, "batches of \(size)")
            #expect(batched.batches == 1 + (plan.pages.count + size - 1) / size, "batches of \(size)")
        }
    }
}
