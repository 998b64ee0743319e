import DossierDiagnostics

/// Problems that do not break the site but that an analyst wants to see.
/// They fail the build only under `--strict`.
public enum ContentWarnings {
    public static func check(_ graph: SiteGraph) -> Diagnostics {
        var diagnostics = Diagnostics()
        for (a, actor) in graph.actors.enumerated()
        where graph.actorIncidents[a].isEmpty && graph.actorArticles[a].isEmpty
            && graph.actorAffiliations[a].isEmpty && graph.actorAffiliates[a].isEmpty
        {
            diagnostics.warning(
                actor.fileLocation,
                "actor '\(actor.slug)' is not referenced by any incident, article or other actor")
        }
        return diagnostics
    }
}
