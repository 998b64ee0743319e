/// A template set parsed once into `CompiledNode`s and rendered by appending to one byte array,
/// reading view models through `TemplateContext` instead of swift-mustache's casts and `Mirror`.
///
/// It gives the same bytes as swift-mustache for the templates it accepts (the differential tests
/// compare the two on every page of the test dossiers); `TemplateSet` uses swift-mustache when
/// `init` throws and for a page whose `render` throws.
public struct CompiledTemplates: Sendable {
    private let index: [String: Int]
    private let templates: [[CompiledNode]]

    /// Parses every template (name -> text as registered with swift-mustache, pragma line included).
    /// Throws if any uses something the compiled renderer does not support.
    init(texts: [String: String]) throws(CompiledTemplateUnsupported) {
        let names = texts.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var templates: [[CompiledNode]] = []
        for name in names {
            do {
                templates.append(try CompiledTemplateParser.parse(texts[name]!, templateIndex: index))
            } catch {
                throw CompiledTemplateUnsupported("\(name): \(error.description)")
            }
        }
        self.index = index
        self.templates = templates
    }

    /// Renders `context` with the named template; nil if there is no such template. Throws when a
    /// value needs what only swift-mustache does (printing a whole view model or list with `{{x}}`).
    func render(_ context: any TemplateContext, template name: String) throws(CompiledTemplateUnsupported) -> [UInt8]? {
        guard let template = index[name] else { return nil }
        var renderer = CompiledRenderer(templates: templates, root: .object(context))
        try renderer.render(templates[template], inherited: nil)
        // A copy of the page's size: the 32 KiB reserved for rendering would otherwise be held by
        // every page waiting for the writer (23 MB more peak memory at 10,000 articles).
        return renderer.output.withUnsafeBufferPointer { Array($0) }
    }
}

/// One render: the context stack and the output, UTF-8 bytes (appending to a `String` was a fifth
/// of the render step under callgrind, and the page was then copied into bytes for the writer).
private struct CompiledRenderer {
    let templates: [[CompiledNode]]
    var stack: [TemplateValue]
    var output: [UInt8] = []

    init(templates: [[CompiledNode]], root: TemplateValue) {
        self.templates = templates
        self.stack = [root]
        stack.reserveCapacity(16)
        output.reserveCapacity(32 * 1024)
    }

    /// `inherited`: the block overrides of the `{{<parent}}` tags being rendered, outermost first to win.
    mutating func render(_ nodes: [CompiledNode], inherited: [String: [CompiledNode]]?)
        throws(CompiledTemplateUnsupported)
    {
        for node in nodes {
            switch node {
            case .text(let text):
                output.append(contentsOf: text.utf8)

            case .variable(let name, let escaped):
                switch lookUp(name) {
                case .missing: break
                case .string(let string):
                    if escaped { FastHTMLContentType.appendEscaped(string, to: &output) } else { output.append(contentsOf: string.utf8) }
                case .bool(let bool): output.append(contentsOf: (bool ? "true" : "false").utf8)
                case .int(let int): output.append(contentsOf: String(int).utf8)
                case .double(let double):
                    if escaped {
                        FastHTMLContentType.appendEscaped(String(describing: double), to: &output)
                    } else {
                        output.append(contentsOf: String(describing: double).utf8)
                    }
                case .object, .list:
                    throw CompiledTemplateUnsupported("printing a view model or list")
                }

            case .section(let name, let body):
                let value = lookUp(name)
                switch value {
                case .list(let list):
                    for i in 0..<list.templateCount {
                        stack.append(list.templateElement(i))
                        try render(body, inherited: inherited)
                        stack.removeLast()
                    }
                case .bool(let bool):
                    if bool { try render(body, inherited: inherited) }
                case .missing:
                    break
                case .string, .int, .double, .object:
                    stack.append(value)
                    try render(body, inherited: inherited)
                    stack.removeLast()
                }

            case .invertedSection(let name, let body):
                let value = lookUp(name)
                switch value {
                case .list(let list):
                    // swift-mustache pushes the empty sequence as the context.
                    if list.templateCount == 0 {
                        stack.append(value)
                        try render(body, inherited: inherited)
                        stack.removeLast()
                    }
                case .bool(let bool):
                    if !bool { try render(body, inherited: inherited) }
                case .missing:
                    try render(body, inherited: inherited)
                case .string, .int, .double, .object:
                    break
                }

            case .partial(let template):
                if let template { try render(templates[template], inherited: inherited) }

            case .parent(let template, let overrides):
                guard let template else { break }
                // An override given further out wins over one given here.
                let merged = inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
                try render(templates[template], inherited: merged)

            case .block(let name, let defaultNodes):
                try render(inherited?[name] ?? defaultNodes, inherited: inherited)

            case .blockDefinition:
                break
            }
        }
    }

    /// swift-mustache's look-up: the first part climbs the stack (unless the name starts with `.`),
    /// the rest are read from what it found.
    private func lookUp(_ name: CompiledName) -> TemplateValue {
        guard let first = name.parts.first else { return stack[stack.count - 1] }
        var value: TemplateValue = .missing
        if name.anchored {
            value = Self.child(of: stack[stack.count - 1], first)
        } else {
            for entry in stack.reversed() {
                value = Self.child(of: entry, first)
                if case .missing = value { continue }
                break
            }
        }
        var i = 1
        while i < name.parts.count {
            if case .missing = value { return .missing }
            value = Self.child(of: value, name.parts[i])
            i += 1
        }
        return value
    }

    /// Strings, numbers and lists have no named children (swift-mustache's `Mirror` finds none).
    private static func child(of value: TemplateValue, _ key: String) -> TemplateValue {
        if case .object(let object) = value { return object.templateValue(key) }
        return .missing
    }
}
