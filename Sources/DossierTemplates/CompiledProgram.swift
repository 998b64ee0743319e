/// A template set's parsed nodes laid out flat, as the compiled renderer walks them.
///
/// The renderer used to walk the parser's tree of `CompiledNode`s, whose strings and arrays it
/// retained and released at every node of every page: the largest share of the reference counting
/// in the render step. Here a node is a few integers: text is a range of one byte buffer, a name
/// an index into a table, and a section's body the nodes that follow it up to its `end`. Reading a
/// node costs no reference count.
struct CompiledProgram: Sendable {
    /// One instruction. A body (of a section, an inverted section or a block) is the nodes from the
    /// one after this node up to `end`, exclusive.
    enum Node: Sendable {
        /// Bytes of `text`.
        case text(start: Int32, count: Int32)
        case variable(name: Int32, escaped: Bool)
        case section(name: Int32, end: Int32)
        case invertedSection(name: Int32, end: Int32)
        /// The template with this number, or -1 (there is none: nothing is rendered).
        case partial(template: Int32)
        /// Renders template `template` (-1: none) with the blocks of `overrides` (an index into
        /// `overrides`), whose bodies follow this node; the walk goes on at `end`.
        case parent(template: Int32, overrides: Int32, end: Int32)
        /// A block named `blockNames[name]`, its default body following.
        case block(name: Int32, end: Int32)
    }

    /// What a name is: `parts[start..<start + count]`, and whether it is anchored (`.a`).
    struct Name: Sendable {
        var start: Int32
        var count: Int32
        var anchored: Bool
    }

    private(set) var nodes: [Node] = []
    private(set) var text: [UInt8] = []
    private(set) var names: [Name] = []
    /// Every name's parts, one after another.
    private(set) var parts: [String] = []
    private(set) var blockNames: [String] = []
    /// The blocks a `{{<parent}}` overrides: block name -> the nodes of its body.
    private(set) var overrides: [[String: Range<Int32>]] = []
    /// Each template's nodes, by its number in the set.
    private(set) var templates: [Range<Int32>] = []

    init(templates trees: [[CompiledNode]]) {
        for tree in trees {
            let start = Int32(nodes.count)
            emit(tree)
            templates.append(start..<Int32(nodes.count))
        }
    }

    private mutating func emit(_ tree: [CompiledNode]) {
        for node in tree {
            switch node {
            case .text(let string):
                let start = Int32(text.count)
                text.append(contentsOf: string.utf8)
                nodes.append(.text(start: start, count: Int32(text.count) - start))
            case .variable(let name, let escaped):
                nodes.append(.variable(name: add(name), escaped: escaped))
            case .section(let name, let body):
                let at = placeholder()
                emit(body)
                nodes[at] = .section(name: add(name), end: Int32(nodes.count))
            case .invertedSection(let name, let body):
                let at = placeholder()
                emit(body)
                nodes[at] = .invertedSection(name: add(name), end: Int32(nodes.count))
            case .partial(let template):
                nodes.append(.partial(template: template.map(Int32.init) ?? -1))
            case .parent(let template, let blocks):
                let at = placeholder()
                var table: [String: Range<Int32>] = [:]
                for name in blocks.keys.sorted() {
                    let start = Int32(nodes.count)
                    emit(blocks[name]!)
                    table[name] = start..<Int32(nodes.count)
                }
                overrides.append(table)
                nodes[at] = .parent(
                    template: template.map(Int32.init) ?? -1, overrides: Int32(overrides.count - 1),
                    end: Int32(nodes.count))
            case .block(let name, let defaultNodes):
                let at = placeholder()
                emit(defaultNodes)
                blockNames.append(name)
                nodes[at] = .block(name: Int32(blockNames.count - 1), end: Int32(nodes.count))
            case .blockDefinition:
                break  // only inside a `{{<parent}}`, where the parser made it an override
            }
        }
    }

    private mutating func placeholder() -> Int {
        nodes.append(.partial(template: -1))
        return nodes.count - 1
    }

    private mutating func add(_ name: CompiledName) -> Int32 {
        names.append(Name(start: Int32(parts.count), count: Int32(name.parts.count), anchored: name.anchored))
        parts.append(contentsOf: name.parts)
        return Int32(names.count - 1)
    }
}
