/// Which columns feed the model and how, as written in a training config.
public struct FeatureSpec: Sendable, Codable, Equatable {
    /// Columns used as numbers (standardised).
    public var numeric: [String]
    /// Columns one-hot encoded over their training vocabulary.
    public var categorical: [String]
    /// Crossed categorical features, each the combination of several columns (e.g. pickup and
    /// dropoff zone → `PU_location_DO_location`).
    public var crosses: [[String]]
    /// Most frequent categories kept per categorical feature; the rest, and any category first
    /// seen at prediction time, share the `__other__` slot.
    public var maxCategories: Int
    /// Whether numeric features are scaled to zero mean and unit variance.
    public var standardize: Bool

    public init(numeric: [String] = [], categorical: [String] = [], crosses: [[String]] = [], maxCategories: Int = 100, standardize: Bool = true) {
        self.numeric = numeric
        self.categorical = categorical
        self.crosses = crosses
        self.maxCategories = maxCategories
        self.standardize = standardize
    }

    enum CodingKeys: String, CodingKey {
        case numeric, categorical, crosses
        case maxCategories = "max_categories"
        case standardize
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        numeric = try container.decodeIfPresent([String].self, forKey: .numeric) ?? []
        categorical = try container.decodeIfPresent([String].self, forKey: .categorical) ?? []
        crosses = try container.decodeIfPresent([[String]].self, forKey: .crosses) ?? []
        maxCategories = try container.decodeIfPresent(Int.self, forKey: .maxCategories) ?? 100
        standardize = try container.decodeIfPresent(Bool.self, forKey: .standardize) ?? true
    }

    /// Every input column the features read.
    public var inputColumns: [String] {
        var seen = Set<String>()
        return (numeric + categorical + crosses.flatMap { $0 }).filter { seen.insert($0).inserted }
    }
}
