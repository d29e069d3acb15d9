import DriftStatistics

extension Column {
    /// The column as the multivariate methods read it (no copy: the codes are shared).
    public var multivariate: MultivariateColumn {
        switch self {
        case .numeric(let numeric): .numeric(numeric.values)
        case .categorical(let categorical): .categorical(codes: categorical.codes, categories: categorical.categories)
        }
    }
}
