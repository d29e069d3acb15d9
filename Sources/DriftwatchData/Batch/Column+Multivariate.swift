import DriftStatistics

extension Column {
    /// The column as the multivariate methods read it.
    public var multivariate: MultivariateColumn {
        switch self {
        case .numeric(let numeric): .numeric(numeric.values)
        case .categorical(let categorical): .categorical(categorical.codes.map { $0 < 0 ? nil : categorical.categories[Int($0)] })
        }
    }
}
