import DossierContent
import Testing
import Yams

@testable import DossierConfig

private struct Pair: Decodable, Equatable {
    var a: Int
    var b: Int
}

@Suite("YAML node decoder")
struct YAMLNodeDecoderTests {
    /// The outcome of a decode, comparable across decoders: the value, or the error's kind and path.
    private func outcome<T: Decodable & Equatable>(_ body: () throws -> T) -> String {
        do {
            return "value \(try body())"
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                return "keyNotFound \(key.stringValue) at \(YAMLDecoding.fieldPath(context.codingPath))"
            case .typeMismatch(let type, let context):
                return "typeMismatch \(type) at \(YAMLDecoding.fieldPath(context.codingPath))"
            case .valueNotFound(let type, let context):
                return "valueNotFound \(type) at \(YAMLDecoding.fieldPath(context.codingPath))"
            case .dataCorrupted(let context):
                return "dataCorrupted at \(YAMLDecoding.fieldPath(context.codingPath)): \(context.debugDescription)"
            @unknown default:
                return "\(error)"
            }
        } catch {
            return "other \(error)"
        }
    }

    private func compare<T: Decodable & Equatable>(_ type: T.Type, _ yaml: String) throws -> String {
        let plain = try #require(try Parser(yaml: yaml, resolver: .basic).singleRoot())
        #expect(YAMLNodeDecoder.isSimple(plain), "\(yaml)")
        let fast = outcome { try YAMLNodeDecoder.decode(T.self, from: plain) }
        let resolved = try #require(try Yams.compose(yaml: yaml))
        let reference = outcome { try YAMLDecoder().decode(T.self, from: resolved) }
        #expect(fast == reference, "\(yaml)")
        return fast
    }

    @Test("decodes front matter and config exactly as Yams' YAMLDecoder does, errors included")
    func sameAsYams() throws {
        let articles = [
            "title: \"A\"\nsource: s\npublished: 2024-09-17\nincidents: [a, b]\nactors: [x]\nurl: https://x.org/1\n",
            "title: 123\nsource: s\npublished: ~\nauthor: null\n",
            "title: 'null'\nsource: s\nauthor: ''\n",
            "title: A\n",
            "title: [a, b]\nsource: s\n",
            "title: A\nsource: s\npublished: 2024-02-30\n",
            "title: A\nsource: s\nincidents: a\n",
            "title: A\nsource: s\nactors: [a, [b]]\n",
            "title: A\nsource: {name: s}\n",
            "title: true\nsource: s\nretrieved:\n",
            // Lists of slugs: empty, block style, with null, numbers and booleans, with a mapping.
            "title: A\nsource: s\nincidents: []\nactors:\n  - a\n  - 'b c'\n",
            "title: A\nsource: s\nactors: [~, null, 1, 2.5, true, '']\n",
            "title: A\nsource: s\nactors: [a, {b: c}]\n",
        ]
        var outcomes: [String] = []
        for yaml in articles { outcomes.append(try compare(ArticleFrontMatter.self, yaml)) }
        #expect(outcomes[0].hasPrefix("value"))
        #expect(outcomes[3] == "keyNotFound source at ")
        #expect(outcomes[4] == "typeMismatch Scalar at title")
        let incidents = [
            "title: I\ndate: 2024-01-02\ntime: \"06:00\"\nlocation:\n  name: Bamako\n  coordinates: [12.6, -8.0]\nactors:\n  - {actor: a, role: perpetrator}\n",
            "title: I\nlocation:\n  name: B\n  coordinates: [12.6, east]\n",
            "title: I\nlocation:\n  name: B\n  coordinates: [95, 0]\n",
            "title: I\nactors:\n  - {actor: a, role: villain}\n",
            "title: I\ntime: 25:00\n",
        ]
        for yaml in incidents { outcomes.append(try compare(IncidentFrontMatter.self, yaml)) }
        for yaml in ["title: T\nmarkdown:\n  unsafe_html: yes\n", "title: T\nmarkdown:\n  unsafe_html: maybe\n", "title: T\n"] {
            outcomes.append(try compare(DossierConfig.self, yaml))
        }
        // Yams expands aliases while composing, so they decode the same way.
        #expect(try compare(Pair.self, "a: &x 1\nb: *x\n") == "value Pair(a: 1, b: 1)")
        #expect(outcomes.filter { $0.hasPrefix("value") }.count >= 6)
    }

    @Test("tagged mappings, merge keys and quoted or complex keys go to Yams' decoder")
    func notSimple() throws {
        for yaml in ["a: !custom {b: 1}\n", "<<: {a: 1}\n", "'a': 1\n", "? [a]\n: 1\n"] {
            let node = try #require(try Parser(yaml: yaml, resolver: .basic).singleRoot())
            #expect(!YAMLNodeDecoder.isSimple(node), "\(yaml)")
        }
    }
}
