/// One column as the multivariate methods read it, rows in the same order across columns:
/// numbers (NaN: missing) or categories as codes into a list of names (−1: missing), so that a
/// method looks a category up once per name rather than once per row.
public enum MultivariateColumn: Sendable, Equatable {
    case numeric([Double])
    case categorical(codes: [Int32], categories: [String])

    /// Categories from their names (nil: missing), coded in order of first appearance.
    public static func categorical(_ values: [String?]) -> MultivariateColumn {
        var index: [String: Int32] = [:], categories: [String] = []
        let codes = values.map { value -> Int32 in
            guard let value else { return -1 }
            if let code = index[value] { return code }
            index[value] = Int32(categories.count)
            categories.append(value)
            return Int32(categories.count - 1)
        }
        return .categorical(codes: codes, categories: categories)
    }

    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let codes, _): codes.count
        }
    }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: some Sequence<Int>) -> MultivariateColumn {
        switch self {
        case .numeric(let values): .numeric(indices.map { values[$0] })
        case .categorical(let codes, let categories): .categorical(codes: indices.map { codes[$0] }, categories: categories)
        }
    }

    /// Whether every code names a category (a column read from a file may not).
    public var isWellFormed: Bool {
        switch self {
        case .numeric: true
        case .categorical(let codes, let categories): codes.allSatisfy { $0 >= -1 && Int($0) < categories.count }
        }
    }
}

/// JSON has no NaN: a missing number is written as null.
extension MultivariateColumn: Codable {
    private enum CodingKeys: String, CodingKey { case numeric, codes, categories }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let values = try container.decodeIfPresent([Double?].self, forKey: .numeric) {
            self = .numeric(values.map { $0 ?? .nan })
        } else {
            self = .categorical(codes: try container.decode([Int32].self, forKey: .codes), categories: try container.decode([String].self, forKey: .categories))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .numeric(let values): try container.encode(values.map { $0.isNaN ? nil : $0 }, forKey: .numeric)
        case .categorical(let codes, let categories):
            try container.encode(codes, forKey: .codes)
            try container.encode(categories, forKey: .categories)
        }
    }
}
