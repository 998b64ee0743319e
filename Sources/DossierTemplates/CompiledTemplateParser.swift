/// Parses the subset of Mustache the compiled renderer supports into `CompiledNode`s.
///
/// Whitespace must come out byte for byte as swift-mustache 2.1.1 produces it, so this follows its
/// parser's rules step by step: which whitespace before a tag is kept, when a tag stands alone on
/// its line (and takes the line's newline with it), how the first line of a block inside a
/// `{{<parent}}` sets the indentation later lines lose. Character by Character, as it reads.
///
/// Anything outside the subset throws `CompiledTemplateUnsupported`, and `TemplateSet` then renders
/// the whole build with swift-mustache: transforms `{{f(x)}}`, dynamic partials `{{>*x}}`,
/// set-delimiter tags, pragmas other than the content type `TemplateSet` puts first, indented
/// standalone partials and blocks (swift-mustache re-indents their output token by token), and
/// newline characters other than `\n` and `\r\n`. Texts swift-mustache does not parse never get here.
struct CompiledTemplateParser {
    private let chars: [Character]
    private var position = 0
    /// Template name -> index in the set, to resolve partials.
    private let templateIndex: [String: Int]

    private struct State {
        var sectionName: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        /// The indentation of the first line of a block inside a `{{<parent}}`, in Characters.
        var partialDefinitionIndent: Int?

        func withSectionName(_ name: String, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func withInheritancePartial(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    static func parse(_ text: String, templateIndex: [String: Int]) throws(CompiledTemplateUnsupported) -> [CompiledNode] {
        var parser = CompiledTemplateParser(chars: Array(text), templateIndex: templateIndex)
        for character in parser.chars where character.isNewline && character != "\n" && character != "\r\n" {
            throw CompiledTemplateUnsupported("a newline other than \\n or \\r\\n")
        }
        return CompiledTemplateParser.merged(try parser.parse(State()))
    }

    private init(chars: [Character], templateIndex: [String: Int]) {
        self.chars = chars
        self.templateIndex = templateIndex
    }

    // MARK: Reading

    private var reachedEnd: Bool { position >= chars.count }

    /// The current Character, `"\0"` at the end (as swift-mustache's parser answers).
    private var current: Character { reachedEnd ? "\0" : chars[position] }

    private mutating func read(while predicate: (Character) -> Bool) -> String {
        var text = ""
        while !reachedEnd, predicate(chars[position]) {
            text.append(chars[position])
            position += 1
        }
        return text
    }

    /// Reads `string` if it comes next; throws when fewer Characters than it has remain.
    private mutating func read(_ string: String) throws(CompiledTemplateUnsupported) -> Bool {
        let wanted = Array(string)
        guard chars.count - position >= wanted.count else { throw CompiledTemplateUnsupported("unexpected end") }
        guard Array(chars[position..<position + wanted.count]) == wanted else { return false }
        position += wanted.count
        return true
    }

    private static func isSpaceOrTab(_ c: Character) -> Bool { c == " " || c == "\t" }

    /// Text up to the next `{{` (which is read) or newline (which is not).
    private mutating func readUntilTagOrNewline() throws(CompiledTemplateUnsupported) -> String {
        var text = ""
        while !reachedEnd {
            text += read(while: { $0 != "\n" && $0 != "\r\n" && $0 != "{" })
            if current.isNewline {
                break
            } else if current == "{" {
                if try read("{{") { break }
                text.append("{")
                position += 1
            }
        }
        return text
    }

    private static let nameCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")
    private static let configCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")

    private mutating func readName(_ allowed: Set<Character>) throws(CompiledTemplateUnsupported) -> String {
        _ = read(while: \.isWhitespace)
        let name = read(while: { allowed.contains($0) })
        _ = read(while: \.isWhitespace)
        guard try read("}}") else { throw CompiledTemplateUnsupported("unfinished tag") }
        return name
    }

    private mutating func parseName() throws(CompiledTemplateUnsupported) -> String {
        let name = try readName(Self.nameCharacters)
        if name.contains("(") || name.contains(")") {
            throw CompiledTemplateUnsupported("transform in {{\(name)}}")
        }
        return name
    }

    /// Whether the rest of the line is blank; if so, reads it with its newline.
    private mutating func hasLineFinished() -> Bool {
        if reachedEnd { return true }
        var probe = position
        while probe < chars.count, Self.isSpaceOrTab(chars[probe]) { probe += 1 }
        if probe < chars.count, chars[probe].isNewline {
            position = probe + 1
            return true
        }
        return false
    }

    private mutating func isStandalone(_ state: State) -> Bool {
        state.newLine && hasLineFinished()
    }

    // MARK: Parsing

    private mutating func parse(_ initial: State) throws(CompiledTemplateUnsupported) -> [CompiledNode] {
        var nodes: [CompiledNode] = []
        var state = initial
        var whiteSpaceBefore = ""
        while !reachedEnd {
            if state.newLine {
                let whiteSpace = read(while: Self.isSpaceOrTab)
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = String(whiteSpace.dropFirst(indent))
                    } else {
                        state.partialDefinitionIndent = whiteSpace.count
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = try readUntilTagOrNewline()
            if current.isNewline {
                nodes.append(.text(whiteSpaceBefore + text + String(current)))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if reachedEnd { break }

            var setNewLine = false
            func flushWhiteSpace() {
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
            }
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try parseName()
                if isStandalone(state) { setNewLine = true } else { flushWhiteSpace() }
                let body = try parse(state.withSectionName(name, newLine: setNewLine))
                nodes.append(inverted ? .invertedSection(CompiledName(name), body) : .section(CompiledName(name), body))

            case "/":
                position += 1
                let name = try parseName()
                guard name == state.sectionName else { throw CompiledTemplateUnsupported("section closed with the wrong name") }
                if !isStandalone(state) { flushWhiteSpace() }
                return nodes

            case "!":
                position += 1
                try skipComment()
                setNewLine = isStandalone(state)

            case "{":
                flushWhiteSpace()
                position += 1
                let name = try parseName()
                guard try read("}") else { throw CompiledTemplateUnsupported("unfinished tag") }
                nodes.append(.variable(CompiledName(name), escaped: false))

            case "&":
                flushWhiteSpace()
                position += 1
                let name = try parseName()
                nodes.append(.variable(CompiledName(name), escaped: false))

            case ">":
                position += 1
                _ = read(while: \.isWhitespace)
                if current == "*" { throw CompiledTemplateUnsupported("dynamic partial") }
                let name = try readName(Self.partialNameCharacters)
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                if isStandalone(state) {
                    setNewLine = true
                    if !whiteSpaceBefore.isEmpty { throw CompiledTemplateUnsupported("indented partial {{>\(name)}}") }
                }
                nodes.append(.partial(templateIndex[name]))
                whiteSpaceBefore = ""

            case "<":
                position += 1
                _ = read(while: \.isWhitespace)
                let name = try readName(Self.partialNameCharacters)
                if name.first == "*" { throw CompiledTemplateUnsupported("dynamic parent") }
                if !whiteSpaceBefore.isEmpty { throw CompiledTemplateUnsupported("indented parent {{<\(name)}}") }
                if isStandalone(state) { setNewLine = true }
                let body = try parse(state.withInheritancePartial(name))
                var overrides: [String: [CompiledNode]] = [:]
                for node in body {
                    switch node {
                    case .blockDefinition(let block, let nodes): overrides[block] = nodes
                    case .text: break
                    default: throw CompiledTemplateUnsupported("illegal tag inside {{<\(name)}}")
                    }
                }
                nodes.append(.parent(templateIndex[name], overrides: overrides))

            case "$":
                position += 1
                let name = try parseName()
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSectionName(name, newLine: setNewLine))
                    nodes.append(.blockDefinition(name, body))
                } else {
                    if !whiteSpaceBefore.isEmpty { throw CompiledTemplateUnsupported("indented block {{$\(name)}}") }
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSectionName(name, newLine: setNewLine))
                    nodes.append(.block(name, defaultNodes: body))
                }

            case "%":
                position += 1
                _ = read(while: \.isWhitespace)
                let variable = read(while: { Self.configCharacters.contains($0) })
                _ = read(while: \.isWhitespace)
                guard try read(":") else { throw CompiledTemplateUnsupported("pragma") }
                _ = read(while: \.isWhitespace)
                let value = read(while: { Self.configCharacters.contains($0) })
                _ = read(while: \.isWhitespace)
                guard try read("}}"), variable == "CONTENT_TYPE", value == FastHTMLContentType.name else {
                    throw CompiledTemplateUnsupported("pragma other than CONTENT_TYPE: \(FastHTMLContentType.name)")
                }
                setNewLine = isStandalone(state)

            case "=":
                throw CompiledTemplateUnsupported("set-delimiter tag")

            default:
                flushWhiteSpace()
                let name = try parseName()
                nodes.append(.variable(CompiledName(name), escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw CompiledTemplateUnsupported("a section is not closed") }
        return nodes
    }

    /// Skips a comment up to and including its `}}`.
    private mutating func skipComment() throws(CompiledTemplateUnsupported) {
        while position + 1 < chars.count {
            if chars[position] == "}", chars[position + 1] == "}" {
                position += 2
                return
            }
            position += 1
        }
        throw CompiledTemplateUnsupported("unfinished comment")
    }

    /// Joins adjacent text nodes and drops empty ones, recursively.
    static func merged(_ nodes: [CompiledNode]) -> [CompiledNode] {
        var result: [CompiledNode] = []
        for node in nodes {
            switch node {
            case .text(let text):
                if text.isEmpty { continue }
                if case .text(let previous) = result.last {
                    result[result.count - 1] = .text(previous + text)
                } else {
                    result.append(node)
                }
            case .variable: result.append(node)
            case .section(let name, let body): result.append(.section(name, merged(body)))
            case .invertedSection(let name, let body): result.append(.invertedSection(name, merged(body)))
            case .partial: result.append(node)
            case .parent(let index, let overrides): result.append(.parent(index, overrides: overrides.mapValues(merged)))
            case .block(let name, let body): result.append(.block(name, defaultNodes: merged(body)))
            case .blockDefinition(let name, let body): result.append(.blockDefinition(name, merged(body)))
            }
        }
        return result
    }
}

/// Why a template set is rendered with swift-mustache instead.
struct CompiledTemplateUnsupported: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
