/// The keys a YAML document may hold, used to report unknown fields with a suggestion.
/// Types and required fields are checked by `Decodable`; the schema only knows names.
public indirect enum YAMLSchema: Sendable {
    /// Any value at all.
    case any
    /// A mapping with these keys. Unknown keys are errors.
    case mapping([String: YAMLSchema])
    /// A sequence whose items follow the schema.
    case sequence(YAMLSchema)
    /// A mapping with these keys, or a scalar (for fields such as `claimant: jnim` or `{anonymous: ...}`).
    case scalarOrMapping([String: YAMLSchema])
    /// A mapping whose keys are free (for example figure names) and whose values follow the schema.
    case dictionary(YAMLSchema)
}

/// A type decoded from YAML that declares its schema.
public protocol YAMLDocumentModel: Decodable, Sendable {
    static var schema: YAMLSchema { get }
}
