/// A template set parsed once into `CompiledNode`s and rendered by appending to one byte array,
/// reading view models through `TemplateContext` instead of swift-mustache's casts and `Mirror`.
///
/// It gives the same bytes as swift-mustache for the templates it accepts (the differential tests
/// compare the two on every page of the test dossiers); `TemplateSet` uses swift-mustache when
/// `init` throws and for a page whose `render` throws.
public struct CompiledTemplates: Sendable {
    private let index: [String: Int]
    private let program: CompiledProgram

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
        self.program = CompiledProgram(templates: templates)
    }

    /// Renders `context` with the named template; nil if there is no such template. Throws when a
    /// value needs what only swift-mustache does (printing a whole view model or list with `{{x}}`).
    func render(_ context: any TemplateContext, template name: String) throws(CompiledTemplateUnsupported) -> [UInt8]? {
        guard let template = index[name] else { return nil }
        let program = program
        let result = program.nodes.withUnsafeBufferPointer { nodes in
            program.text.withUnsafeBufferPointer { text in
                program.names.withUnsafeBufferPointer { names in
                    program.parts.withUnsafeBufferPointer { parts -> Result<[UInt8], CompiledTemplateUnsupported> in
                        var renderer = CompiledRenderer(
                            program: program, nodes: nodes, text: text, names: names, parts: parts, root: .object(context))
                        do throws(CompiledTemplateUnsupported) {
                            try renderer.run(program.templates[template], inherited: nil)
                        } catch {
                            return .failure(error)
                        }
                        // A copy of the page's size: the 32 KiB reserved for rendering would otherwise be held
                        // by every page waiting for the writer (23 MB more peak memory at 10,000 articles).
                        return .success(renderer.output.withUnsafeBufferPointer { Array($0) })
                    }
                }
            }
        }
        return try result.get()
    }
}

/// One render: the context stack and the output, UTF-8 bytes (appending to a `String` was a fifth
/// of the render step under callgrind, and the page was then copied into bytes for the writer).
/// The program is read through buffer pointers, valid for the render (`CompiledTemplates.render`).
private struct CompiledRenderer {
    let program: CompiledProgram
    let nodes: UnsafeBufferPointer<CompiledProgram.Node>
    let text: UnsafeBufferPointer<UInt8>
    let names: UnsafeBufferPointer<CompiledProgram.Name>
    let parts: UnsafeBufferPointer<String>
    var stack: [TemplateValue]
    var output: [UInt8] = []

    init(
        program: CompiledProgram, nodes: UnsafeBufferPointer<CompiledProgram.Node>, text: UnsafeBufferPointer<UInt8>,
        names: UnsafeBufferPointer<CompiledProgram.Name>, parts: UnsafeBufferPointer<String>, root: TemplateValue
    ) {
        self.program = program
        self.nodes = nodes
        self.text = text
        self.names = names
        self.parts = parts
        self.stack = [root]
        stack.reserveCapacity(16)
        output.reserveCapacity(32 * 1024)
    }

    /// Renders the nodes in `range`. `inherited`: the block overrides of the `{{<parent}}` tags being
    /// rendered, outermost first to win.
    mutating func run(_ range: Range<Int32>, inherited: [String: Range<Int32>]?) throws(CompiledTemplateUnsupported) {
        var i = Int(range.lowerBound)
        let end = Int(range.upperBound)
        while i < end {
            switch nodes[i] {
            case .text(let start, let count):
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[Int(start)..<Int(start + count)]))
                i += 1

            case .variable(let name, let escaped):
                if !print(name, escaped: escaped) {
                    switch lookUp(name).printTemplateText(escaped: escaped, to: &output) {
                    case .printed, .missing: break
                    case .unprintable: throw CompiledTemplateUnsupported("printing a view model or list")
                    }
                }
                i += 1

            case .section(let name, let bodyEnd):
                let body = Int32(i + 1)..<bodyEnd
                let value = lookUp(name)
                switch value {
                case .list(let list):
                    for item in 0..<list.templateCount {
                        stack.append(list.templateElement(item))
                        try run(body, inherited: inherited)
                        stack.removeLast()
                    }
                case .bool(let bool):
                    if bool { try run(body, inherited: inherited) }
                case .missing:
                    break
                case .string, .int, .double, .object:
                    stack.append(value)
                    try run(body, inherited: inherited)
                    stack.removeLast()
                }
                i = Int(bodyEnd)

            case .invertedSection(let name, let bodyEnd):
                let body = Int32(i + 1)..<bodyEnd
                let value = lookUp(name)
                switch value {
                case .list(let list):
                    // swift-mustache pushes the empty sequence as the context.
                    if list.templateCount == 0 {
                        stack.append(value)
                        try run(body, inherited: inherited)
                        stack.removeLast()
                    }
                case .bool(let bool):
                    if !bool { try run(body, inherited: inherited) }
                case .missing:
                    try run(body, inherited: inherited)
                case .string, .int, .double, .object:
                    break
                }
                i = Int(bodyEnd)

            case .partial(let template):
                if template >= 0 { try run(program.templates[Int(template)], inherited: inherited) }
                i += 1

            case .parent(let template, let overrides, let next):
                if template >= 0 {
                    // An override given further out wins over one given here.
                    let own = program.overrides[Int(overrides)]
                    let merged = inherited.map { $0.merging(own) { outer, _ in outer } } ?? own
                    try run(program.templates[Int(template)], inherited: merged)
                }
                i = Int(next)

            case .block(let name, let bodyEnd):
                let defaultBody = Int32(i + 1)..<bodyEnd
                try run(inherited?[program.blockNames[Int(name)]] ?? defaultBody, inherited: inherited)
                i = Int(bodyEnd)
            }
        }
    }

    /// `{{name}}` for a name of one part: the first view model up the stack that has the value
    /// prints it from where it is stored, without copying it out as a `TemplateValue`. False when
    /// the name has no part or several, or the value is a view model or list (nothing is printed,
    /// and the caller looks it up as any other name).
    private mutating func print(_ index: Int32, escaped: Bool) -> Bool {
        let name = names[Int(index)]
        guard name.count == 1 else { return false }
        let key = parts[Int(name.start)]
        var level = stack.count - 1
        let top = level
        while level >= 0, level == top || !name.anchored {
            if case .object(let object) = stack[level] {
                switch object.printTemplateValue(key, escaped: escaped, to: &output) {
                case .printed: return true
                case .missing: break
                case .unprintable: return false
                }
            }
            level -= 1
        }
        return true  // in no context: prints nothing
    }

    /// swift-mustache's look-up: the first part climbs the stack (unless the name starts with `.`),
    /// the rest are read from what it found.
    private func lookUp(_ index: Int32) -> TemplateValue {
        let name = names[Int(index)]
        guard name.count > 0 else { return stack[stack.count - 1] }
        let first = parts[Int(name.start)]
        var value: TemplateValue = .missing
        if name.anchored {
            value = Self.child(of: stack[stack.count - 1], first)
        } else {
            var level = stack.count - 1
            while level >= 0 {
                value = Self.child(of: stack[level], first)
                if case .missing = value {
                    level -= 1
                    continue
                }
                break
            }
        }
        var part = Int(name.start) + 1
        let end = Int(name.start) + Int(name.count)
        while part < end {
            if case .missing = value { return .missing }
            value = Self.child(of: value, parts[part])
            part += 1
        }
        return value
    }

    /// Strings, numbers and lists have no named children (swift-mustache's `Mirror` finds none).
    private static func child(of value: TemplateValue, _ key: String) -> TemplateValue {
        if case .object(let object) = value { return object.templateValue(key) }
        return .missing
    }
}
