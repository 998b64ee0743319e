/// A parsed template, as a tree; `CompiledProgram` lays it out flat for `CompiledTemplates` to render.
///
/// Partials are resolved to indices at parse time (every template name of the set is known first),
/// text is merged into as few nodes as possible, and whitespace has already been handled as
/// swift-mustache handles it, so rendering only appends.
enum CompiledNode: Sendable {
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}`.
    case variable(CompiledName, escaped: Bool)
    case section(CompiledName, [CompiledNode])
    case invertedSection(CompiledName, [CompiledNode])
    /// `{{>name}}`: the index of the template in the set, or nil when there is no such template
    /// (swift-mustache renders nothing then).
    case partial(Int?)
    /// `{{<name}}…{{/name}}`: the template to render, with the blocks this one overrides.
    case parent(Int?, overrides: [String: [CompiledNode]])
    /// `{{$name}}default{{/name}}` where it is expanded.
    case block(String, defaultNodes: [CompiledNode])
    /// `{{$name}}…{{/name}}` directly inside a `{{<parent}}`: only seen while parsing.
    case blockDefinition(String, [CompiledNode])
}

/// A variable or section name: `.` (the current context), `a.b.c`, or `.a` (no climbing).
struct CompiledName: Sendable {
    /// The dot-separated parts, empty parts dropped as swift-mustache drops them; empty for `.`.
    let parts: [String]
    /// The first part is looked up only in the current context, not in the enclosing ones.
    let anchored: Bool

    init(_ name: String) {
        parts = name.split(separator: ".").map(String.init)
        anchored = name.first == "."
    }
}
