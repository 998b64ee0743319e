import DossierContent
import DossierDiagnostics
import DossierMarkdown
import DossierTemplates
import Foundation

/// A file of the generated site, in memory.
public struct RenderedFile: Sendable, Equatable {
    /// Relative to the output folder.
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

/// Step 4 of the pipeline: render planned pages to bytes. Pure: no file access, no clock,
/// so pages can render in parallel and come out the same on every run.
public struct SiteRenderer: Sendable {
    public let builder: PageBuilder
    public let templates: TemplateSet

    public init(graph: SiteGraph, markdown: any MarkdownRenderer, templates: TemplateSet) {
        self.builder = PageBuilder(graph: graph, markdown: markdown)
        self.templates = templates
    }

    /// The files that are not pages (the stylesheet).
    public func assets() -> [RenderedFile] {
        [RenderedFile(path: Routes.stylesheet, text: templates.stylesheet)]
    }

    /// A page's view model and the template that renders it.
    public func model(_ page: PlannedPage) -> (model: any PageModel, template: String) {
        (builder.viewModel(for: page), page.templateName)
    }

    public func render(_ page: PlannedPage) -> RenderedFile {
        let (model, template) = self.model(page)
        return RenderedFile(path: page.path, bytes: templates.renderBytes(model, template: template))
    }
}
