import DossierContent

/// The analyst's layer of each page: casualty panels, claims, quotes, timeline, provenance, similar articles.
extension PageBuilder {
    var analyst: AnalystGraph { graph.analyst }

    func claimantView(_ claim: ResolvedClaim, root: String) -> ClaimantView {
        switch claim.claim.claimant {
        case .anonymous(let description):
            return ClaimantView(claimantName: description, claimantURL: nil, anonymous: true)
        case .actor(let slug):
            return speakerView(claim.claimant, slug: slug, root: root)
        }
    }

    func speakerView(_ actor: Int?, slug: String, root: String) -> ClaimantView {
        guard let actor else { return ClaimantView(claimantName: slug, claimantURL: nil, anonymous: false) }
        let link = actorLink(actor, root: root)
        return ClaimantView(claimantName: link.name, claimantURL: link.url, anonymous: false)
    }

    func reportViews(_ reports: [ResolvedReport], root: String) -> [ReportView] {
        reports.map { report in
            let link = articleLink(report.article, root: root)
            return ReportView(reportTitle: link.title, reportURL: link.url, reportSource: link.sourceName, excerpt: report.excerpt)
        }
    }

    func claimView(_ ref: ItemRef, root: String, showIncident: Bool) -> ClaimView {
        let claim = analyst.incidentClaims[ref.incident][ref.index]
        let figures = claim.claim.figures.map { "\(FigureKey.label($0.key).lowercased()): \($0.range.wording)" }
        return ClaimView(
            claimant: claimantView(claim, root: root), claimID: claim.claim.id, statement: claim.claim.statement,
            figureSummary: figures.isEmpty ? nil : figures.joined(separator: "; "),
            claimDate: claim.claim.date?.description, claimDateLong: claim.claim.date?.longDescription,
            reports: reportViews(claim.reports, root: root), contested: !claim.conflicts.isEmpty,
            claimIncident: showIncident ? incidentLink(ref.incident, root: root) : nil)
    }

    func quoteView(_ ref: ItemRef, root: String, showIncident: Bool) -> QuoteView {
        let quote = analyst.incidentQuotes[ref.incident][ref.index]
        return QuoteView(
            speaker: speakerView(quote.speaker, slug: quote.speakerSlug, root: root), quoteText: quote.text,
            quoteDate: quote.date?.description, quoteDateLong: quote.date?.longDescription,
            reports: reportViews(quote.reports, root: root),
            quoteIncident: showIncident ? incidentLink(ref.incident, root: root) : nil)
    }

    func similarViews(_ r: Int, root: String) -> [SimilarView] {
        analyst.articleSimilar.indices.contains(r)
            ? analyst.articleSimilar[r].map { pair in
                let link = articleLink(pair.article, root: root)
                return SimilarView(
                    similarTitle: link.title, similarURL: link.url, similarSource: link.sourceName,
                    percent: pair.pair.percentText,
                    relation: pair.pair.isCopy ? "syndicated copy" : "rewrite of a common report")
            } : []
    }

    // MARK: - Pages

    func incidentAnalyst(_ i: Int, root: String) -> IncidentAnalystView? {
        guard analyst.incidentClaims.indices.contains(i) else { return nil }
        let claims = analyst.incidentClaims[i]
        let panels = analyst.incidentSpans[i].map { span -> FigurePanelView in
            let rows = span.claims.map { c -> FigureRowView in
                let claim = claims[c]
                let range = claim.claim.figures.first { $0.key == span.key }!.range
                let conflicts = claim.conflicts[span.key] ?? []
                let note = conflicts.map { j -> String in
                    let other = claims[j]
                    let wording = other.claim.figures.first { $0.key == span.key }?.range.wording ?? ""
                    return "\(claimantView(other, root: root).claimantName) (\(wording))"
                }
                return FigureRowView(
                    claimant: claimantView(claim, root: root), claimID: claim.claim.id, statement: claim.claim.statement,
                    figure: range.wording, figureRange: range.rangeText == range.wording ? nil : range.rangeText,
                    claimDate: claim.claim.date?.description, claimDateLong: claim.claim.date?.longDescription,
                    reports: reportViews(claim.reports, root: root), contested: !conflicts.isEmpty,
                    contestedNote: conflicts.isEmpty ? nil : "cannot be true together with " + note.joined(separator: "; "))
            }
            return FigurePanelView(
                label: FigureKey.label(span.key), span: span.text,
                claimCount: rows.count == 1 ? "1 claim" : "\(rows.count) claims", rows: rows,
                hasContested: rows.contains { $0.contested })
        }
        let statements = claims.indices.filter { claims[$0].claim.figures.isEmpty }.map {
            claimView(ItemRef(incident: i, index: $0), root: root, showIncident: false)
        }
        let timeline = analyst.incidentTimeline[i].map { item -> TimelineRowView in
            let at = item.entry.at
            return TimelineRowView(
                datetime: at.description, when: at.date.longDescription + (at.time.map { ", \($0)" } ?? ""),
                precision: item.entry.precision.rawValue, kind: item.entry.kind.rawValue, text: item.entry.text,
                sources: item.sources.map { articleLink($0, root: root) })
        }
        let happened = timeline.filter { $0.kind == TimelineKind.happened.rawValue }
        let reported = timeline.filter { $0.kind != TimelineKind.happened.rawValue }
        let quotes = analyst.incidentQuotes[i].indices.map {
            quoteView(ItemRef(incident: i, index: $0), root: root, showIncident: false)
        }
        return IncidentAnalystView(
            panels: panels, hasPanels: !panels.isEmpty, claims: statements, hasClaims: !statements.isEmpty,
            hasTimeline: !timeline.isEmpty, happened: happened, hasHappened: !happened.isEmpty, reportedOrClaimed: reported,
            hasReportedOrClaimed: !reported.isEmpty, quotes: quotes, hasQuotes: !quotes.isEmpty)
    }

    func actorAnalyst(_ a: Int, root: String) -> ActorAnalystView? {
        guard analyst.actorClaims.indices.contains(a) else { return nil }
        let claims = analyst.actorClaims[a].map { claimView($0, root: root, showIncident: true) }
        let quotes = analyst.actorQuotes[a].map { quoteView($0, root: root, showIncident: true) }
        return ActorAnalystView(claims: claims, hasClaims: !claims.isEmpty, quotes: quotes, hasQuotes: !quotes.isEmpty)
    }

    func articleAnalyst(_ r: Int, root: String) -> ArticleAnalystView? {
        guard analyst.articleClaims.indices.contains(r) else { return nil }
        let s = graph.articleSource[r]
        let claims = analyst.articleClaims[r].map { claimView($0, root: root, showIncident: true) }
        let quotes = analyst.articleQuotes[r].map { quoteView($0, root: root, showIncident: true) }
        let similar = similarViews(r, root: root)
        let archive = analyst.archives.indices.contains(r) ? analyst.archives[r] : nil
        // The front matter's fields are read in place, as in `article`.
        let provenance = ProvenanceView(
            outlet: s >= 0
                ? sourceLink(s, root: root)
                : LinkView(name: graph.articles[r].frontMatter.source, url: root + Routes.folder(.sources)),
            provenanceURL: ExternalURL.safe(graph.articles[r].frontMatter.url),
            provenancePublished: parts.articles[r].longPublished,
            retrieved: graph.articles[r].frontMatter.retrieved?.description,
            retrievedLong: graph.articles[r].frontMatter.retrieved?.longDescription,
            sha256: archive == nil ? nil : graph.articles[r].frontMatter.sha256?.lowercased(), archiveURL: archive.map { root + $0 })
        return ArticleAnalystView(
            claims: claims, hasClaims: !claims.isEmpty, quotes: quotes, hasQuotes: !quotes.isEmpty,
            provenance: provenance, similar: similar, hasSimilar: !similar.isEmpty)
    }

    func sourceAnalyst(_ s: Int, root: String) -> SourceAnalystView? {
        guard analyst.sourceClaims.indices.contains(s) else { return nil }
        let claims = analyst.sourceClaims[s].map { claimView($0, root: root, showIncident: true) }
        let syndicated = graph.sourceArticles[s].compactMap { r -> SyndicatedView? in
            let copies = similarViews(r, root: root)
            guard !copies.isEmpty else { return nil }
            let link = articleLink(r, root: root)
            return SyndicatedView(syndicatedTitle: link.title, syndicatedURL: link.url, copies: copies)
        }
        return SourceAnalystView(
            claims: claims, hasClaims: !claims.isEmpty, syndicated: syndicated, hasSyndicated: !syndicated.isEmpty)
    }
}
