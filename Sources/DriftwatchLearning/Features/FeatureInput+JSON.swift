import DriftwatchData

extension FeatureInput {
    /// The input a flat JSON value stands for; nil for a number that is not finite.
    public init?(_ value: FlatJSONObject.Value) {
        switch value {
        case .null: self = .missing
        case .bool(let flag): self = .text(flag ? "true" : "false")
        case .string(let text): self = .text(text)
        case .number(let text):
            guard let number = NumberParser.parse(text), number.isFinite else { return nil }
            self = .number(number)
        }
    }
}
