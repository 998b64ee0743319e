import DossierDiagnostics

/// Problems that do not break the site but that an analyst wants to see.
/// They fail the build only under `--strict`.
public enum ContentWarnings {
    public static func check(_ graph: SiteGraph) -> Diagnostics {
        var diagnostics = Diagnostics()
        // Claims and quotes also reference actors (as claimant or speaker).
        func madeClaimsOrQuotes(_ a: Int) -> Bool {
            let analyst = graph.analyst
            return (a < analyst.actorClaims.count && !analyst.actorClaims[a].isEmpty)
                || (a < analyst.actorQuotes.count && !analyst.actorQuotes[a].isEmpty)
        }
        for (a, actor) in graph.actors.enumerated()
        where graph.actorIncidents[a].isEmpty && graph.actorArticles[a].isEmpty
            && graph.actorAffiliations[a].isEmpty && graph.actorAffiliates[a].isEmpty && !madeClaimsOrQuotes(a)
        {
            diagnostics.warning(
                actor.fileLocation,
                "actor '\(actor.slug)' is not referenced by any incident, article, claim, quote or other actor")
        }
        return diagnostics
    }
}
