/// One column as the multivariate methods read it, rows in the same order across columns:
/// numbers (NaN: missing) or categories (nil: missing).
public enum MultivariateColumn: Sendable, Equatable {
    case numeric([Double])
    case categorical([String?])

    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let values): values.count
        }
    }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: some Sequence<Int>) -> MultivariateColumn {
        switch self {
        case .numeric(let values): .numeric(indices.map { values[$0] })
        case .categorical(let values): .categorical(indices.map { values[$0] })
        }
    }
}

/// JSON has no NaN: a missing number is written as null.
extension MultivariateColumn: Codable {
    private enum CodingKeys: String, CodingKey { case numeric, categorical }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let values = try container.decodeIfPresent([Double?].self, forKey: .numeric) {
            self = .numeric(values.map { $0 ?? .nan })
        } else {
            self = .categorical(try container.decode([String?].self, forKey: .categorical))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .numeric(let values): try container.encode(values.map { $0.isNaN ? nil : $0 }, forKey: .numeric)
        case .categorical(let values): try container.encode(values, forKey: .categorical)
        }
    }
}
