import DriftwatchData

/// A record's features as a flat JSON object, in whichever form it came: the text a log keeps
/// (written out again as it is, never parsed on the way through), or values decoded from a page.
/// Each form gives the other on request.
public struct FeatureObject: Sendable, Equatable, Decodable {
    private enum Form: Sendable {
        case text(String)
        case values([String: FeatureInput])
    }

    private let form: Form

    /// Text that is a flat JSON object (as the prediction log holds it).
    public init(json: String) {
        form = .text(json)
    }

    public init(_ values: [String: FeatureInput]) {
        form = .values(values)
    }

    public init(from decoder: Decoder) throws {
        form = .values(try [String: FeatureInput](from: decoder))
    }

    /// The object as JSON text: the text it was made from, or the values with keys in order.
    public var json: String {
        switch form {
        case .text(let text): text
        case .values(let values): FeatureInput.jsonObject(values)
        }
    }

    /// The object's values; throws when the text is not a flat JSON object of finite values.
    public func values() throws -> [String: FeatureInput] {
        switch form {
        case .values(let values):
            return values
        case .text(var text):
            return try FeatureInput.values(of: text.withUTF8 { try FlatJSONObject.parse($0) })
        }
    }

    /// Equal when they hold the same values, whatever their forms (and texts that are not flat
    /// JSON objects when the texts are the same).
    public static func == (lhs: FeatureObject, rhs: FeatureObject) -> Bool {
        switch (try? lhs.values(), try? rhs.values()) {
        case (let a?, let b?): a == b
        default: lhs.json == rhs.json
        }
    }
}
