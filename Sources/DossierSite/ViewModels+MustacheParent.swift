import Mustache

// Template contexts answer Mustache's look-ups with a `switch` instead of `Mirror`, which
// swift-mustache uses otherwise, for every `{{name}}` on every page (see docs/performance.md).
// Each case must return the stored property of the same name. The test "view models answer
// every field as Mirror does" compares the two for every view model, so a field added to a
// view model without a case here fails the tests instead of rendering as empty.

extension SiteInfo: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "title": return self.title
        case "description": return self.description
        case "language": return self.language
        default: return nil
        }
    }
}

extension LinkView: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "name": return self.name
        case "url": return self.url
        case "note": return self.note
        default: return nil
        }
    }
}

extension ArticleLinkView: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "title": return self.title
        case "url": return self.url
        case "sourceName": return self.sourceName
        case "published": return self.published
        case "publishedLong": return self.publishedLong
        default: return nil
        }
    }
}

extension IncidentLinkView: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "title": return self.title
        case "url": return self.url
        case "date": return self.date
        case "dateLong": return self.dateLong
        case "location": return self.location
        case "roles": return self.roles
        default: return nil
        }
    }
}

extension LocationView: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "name": return self.name
        case "country": return self.country
        case "places": return self.places
        case "hasPlaces": return self.hasPlaces
        case "coordinates": return self.coordinates
        default: return nil
        }
    }
}

extension RoleGroupView: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "role": return self.role
        case "actors": return self.actors
        default: return nil
        }
    }
}

extension HomePage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "incidents": return self.incidents
        case "incidentCount": return self.incidentCount
        case "actorCount": return self.actorCount
        case "sourceCount": return self.sourceCount
        case "articleCount": return self.articleCount
        default: return nil
        }
    }
}

extension IncidentIndexPage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "incidents": return self.incidents
        default: return nil
        }
    }
}

extension LinkIndexPage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "links": return self.links
        default: return nil
        }
    }
}

extension ArticleIndexPage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "articles": return self.articles
        default: return nil
        }
    }
}

extension IncidentPage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "date": return self.date
        case "dateLong": return self.dateLong
        case "time": return self.time
        case "timezone": return self.timezone
        case "location": return self.location
        case "type": return self.type
        case "roles": return self.roles
        case "hasRoles": return self.hasRoles
        case "body": return self.body
        case "articles": return self.articles
        case "hasArticles": return self.hasArticles
        case "links": return self.links
        case "hasSources": return self.hasSources
        default: return nil
        }
    }
}

extension ActorPage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "kind": return self.kind
        case "aliases": return self.aliases
        case "hasAliases": return self.hasAliases
        case "affiliations": return self.affiliations
        case "hasAffiliations": return self.hasAffiliations
        case "affiliates": return self.affiliates
        case "hasAffiliates": return self.hasAffiliates
        case "body": return self.body
        case "hasBody": return self.hasBody
        case "incidents": return self.incidents
        case "hasIncidents": return self.hasIncidents
        case "articles": return self.articles
        case "hasArticles": return self.hasArticles
        default: return nil
        }
    }
}

extension SourcePage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "url": return self.url
        case "kind": return self.kind
        case "country": return self.country
        case "language": return self.language
        case "body": return self.body
        case "hasBody": return self.hasBody
        case "articles": return self.articles
        case "hasArticles": return self.hasArticles
        case "incidents": return self.incidents
        case "hasIncidents": return self.hasIncidents
        default: return nil
        }
    }
}

extension ArticlePage: MustacheParent {
    public func child(named key: String) -> Any? {
        switch key {
        case "site": return self.site
        case "root": return self.root
        case "title": return self.title
        case "source": return self.source
        case "published": return self.published
        case "publishedLong": return self.publishedLong
        case "author": return self.author
        case "originalURL": return self.originalURL
        case "incidents": return self.incidents
        case "hasIncidents": return self.hasIncidents
        case "actors": return self.actors
        case "hasActors": return self.hasActors
        case "body": return self.body
        default: return nil
        }
    }
}
