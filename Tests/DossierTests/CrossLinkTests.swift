import DossierConfig
import DossierContent
import DossierSite
import Testing

@Suite("Cross-link resolution")
struct CrossLinkTests {
    func content() -> LoadedContent {
        LoadedContent(
            config: DossierConfig(title: "T"),
            incidents: [
                Document(
                    slug: "attack", path: "content/incidents/attack.md",
                    frontMatter: IncidentFrontMatter(
                        title: "Attack", date: DayDate("2024-09-17"),
                        actors: [.init(actor: "jnim", role: .perpetrator), .init(actor: "army", role: .target)]),
                    body: "")
            ],
            actors: [
                Document(slug: "army", path: "content/actors/army.md", frontMatter: ActorFrontMatter(name: "Army"), body: ""),
                Document(
                    slug: "jnim", path: "content/actors/jnim.md",
                    frontMatter: ActorFrontMatter(name: "JNIM", affiliations: ["al-qaeda"]), body: ""),
                Document(slug: "al-qaeda", path: "content/actors/al-qaeda.md", frontMatter: ActorFrontMatter(name: "AQ"), body: ""),
            ],
            sources: [
                Document(slug: "paper", path: "content/sources/paper.md", frontMatter: SourceFrontMatter(name: "Paper"), body: "")
            ],
            articles: [
                Document(
                    slug: "b-report", path: "content/articles/b-report.md",
                    frontMatter: ArticleFrontMatter(
                        title: "B", source: "paper", published: DayDate("2024-09-18"), incidents: ["attack"],
                        actors: ["army"]),
                    body: ""),
                Document(
                    slug: "a-report", path: "content/articles/a-report.md",
                    frontMatter: ArticleFrontMatter(
                        title: "A", source: "paper", published: DayDate("2024-09-18"), incidents: ["attack"]),
                    body: ""),
            ])
    }

    @Test("forward and reverse relationships agree")
    func bothWays() {
        let (graph, diagnostics) = GraphResolver.resolve(content())
        #expect(diagnostics.isEmpty)
        let attack = graph.incidentIndex["attack"]!, army = graph.actorIndex["army"]!, jnim = graph.actorIndex["jnim"]!
        let aq = graph.actorIndex["al-qaeda"]!, paper = graph.sourceIndex["paper"]!
        #expect(graph.incidentActors[attack].map(\.actor) == [jnim, army])  // perpetrator before target
        #expect(graph.actorIncidents[army].map(\.incident) == [attack])
        #expect(graph.actorIncidents[army].first?.roles == [.target])
        // Same date: sorted by slug.
        #expect(graph.incidentArticles[attack].map { graph.articles[$0].slug } == ["a-report", "b-report"])
        #expect(graph.sourceArticles[paper].count == 2)
        #expect(graph.sourceIncidents[paper] == [attack])
        #expect(graph.actorArticles[army].map { graph.articles[$0].slug } == ["b-report"])
        #expect(graph.actorAffiliations[jnim] == [aq])
        #expect(graph.actorAffiliates[aq] == [jnim])
    }

    @Test("unknown references are errors with a suggestion at the field's position")
    func unknownReferences() throws {
        var content = content()
        let yaml = "title: B\nsource: papr\nincidents: [atack]\n"
        content.articles[0] = Document(
            slug: "b-report", path: "content/articles/b-report.md",
            frontMatter: try YAMLDecoding.decode(
                ArticleFrontMatter.self, from: yaml, origin: .init(path: "content/articles/b-report.md", firstLine: 2)
            ).get(),
            body: "", frontMatterText: yaml, frontMatterLine: 2)
        let (_, diagnostics) = GraphResolver.resolve(content)
        #expect(diagnostics.sorted.map(\.description) == [
            "content/articles/b-report.md:3:9: error: unknown source 'papr' (did you mean 'paper'?)",
            "content/articles/b-report.md:4:13: error: unknown incident 'atack' (did you mean 'attack'?)",
        ])
    }
}
