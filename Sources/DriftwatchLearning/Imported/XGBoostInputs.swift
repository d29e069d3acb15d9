/// How a record becomes the row an imported XGBoost booster scores, by the booster's feature names
/// and scikit-learn's `DictVectorizer` convention (the usual way records become a training matrix
/// in Python): a name `column=value` is the one-hot of categorical `column`, any other name a
/// numeric column. A number goes to the feature of its column's name, a text value to its
/// `column=value` one-hot; an unseen category sets none of its column's one-hots, as in XGBoost.
public struct XGBoostInputs: Sendable, Equatable {
    /// What an absent one-hot is: missing, as in the sparse matrix a DictVectorizer makes (the
    /// default), or zero, for a booster trained on a dense matrix.
    public enum OneHotAbsent: String, Sendable, Equatable, CaseIterable {
        case missing, zero
    }

    public let featureNames: [String]
    public let oneHotAbsent: OneHotAbsent
    private let index: [String: Int]
    private let oneHots: [Bool]

    public init(featureNames: [String], oneHotAbsent: OneHotAbsent = .missing) {
        self.featureNames = featureNames
        self.oneHotAbsent = oneHotAbsent
        // A name listed twice keeps its first place.
        var index: [String: Int] = [:]
        for (position, name) in featureNames.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
        oneHots = featureNames.map { $0.contains("=") }
    }

    /// The input columns the booster reads: numeric columns and the categorical columns of its one-hots.
    public var columns: (numeric: [String], categorical: [String]) {
        var numeric: [String] = [], categorical: [String] = []
        for (name, oneHot) in zip(featureNames, oneHots) {
            if oneHot {
                let column = String(name.prefix { $0 != "=" })
                if !categorical.contains(column) { categorical.append(column) }
            } else if !numeric.contains(name) {
                numeric.append(name)
            }
        }
        return (numeric, categorical)
    }

    /// The booster's row for a record (NaN: missing).
    public func row(_ record: [String: FeatureInput]) -> [Float] {
        var row = oneHots.map { $0 && oneHotAbsent == .zero ? Float(0) : .nan }
        for (column, value) in record {
            switch value {
            case .number(let number):
                if let position = index[column], !oneHots[position] { row[position] = Float(number) }
            case .text(let text):
                if let position = index[column + "=" + text] { row[position] = 1 }
            case .missing:
                continue
            }
        }
        return row
    }
}
