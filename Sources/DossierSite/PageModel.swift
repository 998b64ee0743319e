import DossierTemplates

/// A page's view model: encoded for swift-mustache and the tests, read by the compiled renderer
/// (`TemplateContext`) and fingerprinted for the build cache. Pages are handed out as this one
/// existential, so reaching the last two needs no cast from `Any`: under callgrind each such cast
/// cost about 4,000 instructions, in the runtime's conformance look-up, twice a page.
public protocol PageModel: Encodable, Sendable, TemplateContext, PageFingerprintable {}

extension HomePage: PageModel {}
extension IncidentIndexPage: PageModel {}
extension LinkIndexPage: PageModel {}
extension ArticleIndexPage: PageModel {}
extension IncidentPage: PageModel {}
extension ActorPage: PageModel {}
extension SourcePage: PageModel {}
extension ArticlePage: PageModel {}
