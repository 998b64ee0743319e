import DossierDiagnostics
import Foundation
import Mustache

/// The compiled Mustache templates of a build: the embedded defaults, overridden file by file
/// by the dossier's `templates/` folder.
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary
    /// The stylesheet written to `assets/style.css`.
    public let stylesheet: String
    /// Template name -> where it came from (`templates/x.mustache` or `(built-in)/x.mustache`).
    public let origins: [String: String]
    /// The dossier's own template files: file name -> text. Checked for keys no view model provides.
    public let overrides: [String: String]
    /// The same templates for the compiled renderer (CompiledTemplates.swift); nil when one of them
    /// uses something only swift-mustache supports, and then every page renders with swift-mustache.
    public let compiled: CompiledTemplates?
    /// Why `compiled` is nil.
    public let compiledUnsupported: String?

    public static let templateExtension = "mustache"
    public static let stylesheetName = "style.css"

    /// Compile the templates. `overrides` maps file names (such as `article.mustache`) to their text.
    public static func compile(overrides: [String: String] = [:], overridesFolder: String = "templates")
        -> Result<TemplateSet, Diagnostics>
    {
        let (set, diagnostics) = compileReporting(overrides: overrides, overridesFolder: overridesFolder)
        return diagnostics.hasErrors ? .failure(diagnostics) : .success(set)
    }

    /// Compile the templates, reporting every override that does not parse and using the built-in
    /// template in its place, so that the rest of a check can still run.
    public static func compileReporting(overrides: [String: String] = [:], overridesFolder: String = "templates")
        -> (set: TemplateSet, diagnostics: Diagnostics)
    {
        var diagnostics = Diagnostics()
        var library = MustacheLibrary()
        var origins: [String: String] = [:]
        // What was registered with swift-mustache under each name, for the compiled renderer.
        var registered: [String: String] = [:]
        var files = EmbeddedTemplates.files
        var fileOrigins = Dictionary(uniqueKeysWithValues: files.keys.map { ($0, "(built-in)/\($0)") })
        for (name, text) in overrides {
            files[name] = text
            fileOrigins[name] = "\(overridesFolder)/\(name)"
        }
        for name in files.keys.sorted() where name.hasSuffix(".\(templateExtension)") {
            let templateName = String(name.dropLast(templateExtension.count + 1))
            let origin = fileOrigins[name]!
            origins[templateName] = origin
            do {
                // The first line selects the fast, identical HTML escaping (FastHTMLEscaping.swift);
                // error positions are given back in the file's own lines.
                FastHTMLContentType.registered
                let text = FastHTMLContentType.pragma + files[name]!
                library.register(try MustacheTemplate(string: text), named: templateName)
                registered[templateName] = text
            } catch {
                if let builtIn = EmbeddedTemplates.files[name],
                    let template = try? MustacheTemplate(string: FastHTMLContentType.pragma + builtIn)
                {
                    library.register(template, named: templateName)
                    registered[templateName] = FastHTMLContentType.pragma + builtIn
                }
                if let error = error as? MustacheTemplate.ParserError {
                    diagnostics.error(
                        SourceLocation(
                            path: origin, line: error.context.lineNumber - 1, column: error.context.columnNumber),
                        "template does not parse: \(describe(error.error))")
                } else {
                    diagnostics.error(SourceLocation(path: origin), "template does not parse: \(error)")
                }
            }
        }
        var compiled: CompiledTemplates?
        var unsupported: String?
        do {
            compiled = try CompiledTemplates(texts: registered)
        } catch {
            unsupported = error.description
        }
        let set = TemplateSet(
            library: library, stylesheet: files[stylesheetName] ?? "", origins: origins, overrides: overrides,
            compiled: compiled, compiledUnsupported: unsupported)
        return (set, diagnostics)
    }

    /// Read override files from a folder (missing folder: no overrides).
    public static func readOverrides(folder: String) -> Result<[String: String], Diagnostics> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .success([:])
        }
        var overrides: [String: String] = [:]
        var diagnostics = Diagnostics()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasSuffix(".\(templateExtension)") || name == stylesheetName {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.error(SourceLocation(path: "templates/\(name)"), "cannot read file")
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.error(SourceLocation(path: "templates/\(name)"), "invalid UTF-8 byte sequence")
                continue
            }
            overrides[name] = text
        }
        return diagnostics.hasErrors ? .failure(diagnostics) : .success(overrides)
    }

    /// Render a view model with a named template: with the compiled renderer when the templates
    /// allow it and the view model is a `TemplateContext`, otherwise with swift-mustache.
    public func render(_ context: Any, template name: String) -> String {
        String(decoding: renderBytes(context, template: name), as: UTF8.self)
    }

    /// `render` as UTF-8 bytes, as the compiled renderer makes them (what pages are written as).
    public func renderBytes(_ context: Any, template name: String) -> [UInt8] {
        if let context = context as? any TemplateContext { return renderBytes(context, template: name) }
        return Array(renderWithMustache(context, template: name).utf8)
    }

    /// `renderBytes` for a view model known to be a `TemplateContext`: no dynamic cast (from `Any`,
    /// one cost thousands of instructions a page in the conformance look-up).
    public func renderBytes(_ context: any TemplateContext, template name: String) -> [UInt8] {
        if let compiled, let bytes = try? compiled.render(context, template: name) { return bytes }
        return Array(renderWithMustache(context, template: name).utf8)
    }

    /// Render with swift-mustache only: the fallback, and the tests' reference.
    public func renderWithMustache(_ context: Any, template name: String) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// Render with the compiled renderer only; nil when it cannot render this page or template set.
    public func renderCompiled(_ context: any TemplateContext, template name: String) -> String? {
        guard let compiled, let bytes = (try? compiled.render(context, template: name)) ?? nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: return "a section is closed with the wrong name"
        case MustacheTemplate.Error.unfinishedName: return "a tag is not closed"
        case MustacheTemplate.Error.expectedSectionEnd: return "a section is not closed"
        case MustacheTemplate.Error.invalidSetDelimiter: return "invalid set-delimiter tag"
        case MustacheTemplate.Error.transformAppliedToInheritanceSection:
            return "a transform is applied to an inheritance section"
        case MustacheTemplate.Error.illegalTokenInsideInheritSection: return "illegal tag inside an inheritance section"
        case MustacheTemplate.Error.textInsideInheritSection: return "text inside an inheritance section"
        case MustacheTemplate.Error.invalidConfigVariableSyntax: return "invalid pragma syntax"
        case MustacheTemplate.Error.unrecognisedConfigVariable: return "unrecognised pragma"
        default: return "\(error)"
        }
    }
}
