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
