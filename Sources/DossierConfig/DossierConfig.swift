import DossierDiagnostics
import Foundation

/// `dossier.yml`: the dossier's settings.
public struct DossierConfig: YAMLDocumentModel, Equatable {
    public var title: String
    public var description: String?
    public var language: String
    public var baseURL: String?
    public var markdown: MarkdownSettings

    public struct MarkdownSettings: Codable, Sendable, Equatable {
        /// Pass raw HTML in Markdown through (the GFM tagfilter still applies). Off by default.
        public var unsafeHTML: Bool

        public init(unsafeHTML: Bool = false) {
            self.unsafeHTML = unsafeHTML
        }

        enum CodingKeys: String, CodingKey {
            case unsafeHTML = "unsafe_html"
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            unsafeHTML = try container.decodeIfPresent(Bool.self, forKey: .unsafeHTML) ?? false
        }
    }

    public init(
        title: String, description: String? = nil, language: String = "en", baseURL: String? = nil,
        markdown: MarkdownSettings = .init()
    ) {
        self.title = title
        self.description = description
        self.language = language
        self.baseURL = baseURL
        self.markdown = markdown
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, description, language
        case baseURL = "base_url"
        case markdown
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        language = try container.decodeIfPresent(String.self, forKey: .language) ?? "en"
        baseURL = try container.decodeIfPresent(String.self, forKey: .baseURL)
        markdown = try container.decodeIfPresent(MarkdownSettings.self, forKey: .markdown) ?? .init()
    }

    public static let schema: YAMLSchema = .mapping([
        "title": .any, "description": .any, "language": .any, "base_url": .any,
        "markdown": .mapping(["unsafe_html": .any]),
    ])

    public static let fileName = "dossier.yml"

    /// Parse the text of `dossier.yml`.
    public static func parse(_ text: String, path: String = fileName) -> Result<DossierConfig, Diagnostics> {
        YAMLDecoding.decode(DossierConfig.self, from: text, origin: .init(path: path))
    }
}
