import DriftStatistics

extension Column {
    /// The column as the multivariate methods read it, named: itself (no copy: the codes are
    /// shared), or for a vector one numeric column per position, `name[0]`, `name[1]`, ….
    public func multivariateParts(name: String) -> [(name: String, column: MultivariateColumn)] {
        switch self {
        case .numeric(let numeric): [(name, .numeric(numeric.values))]
        case .categorical(let categorical): [(name, .categorical(codes: categorical.codes, categories: categorical.categories))]
        case .vector(let vector):
            (0..<vector.dimensions).map { position in
                ("\(name)[\(position)]", .numeric(Swift.stride(from: position, to: vector.values.count, by: vector.dimensions).map { vector.values[$0] }))
            }
        }
    }
}
