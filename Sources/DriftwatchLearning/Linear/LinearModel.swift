import Foundation

/// A fitted linear model: `intercept + Σ coefficients[j] · x[j]`; for logistic regression the
/// probability of the positive class is the logistic function of that score.
public struct LinearModel: Sendable, Codable, Equatable {
    public var coefficients: [Double]
    public var intercept: Double

    public init(coefficients: [Double], intercept: Double) {
        self.coefficients = coefficients
        self.intercept = intercept
    }

    @inline(__always)
    public func score<C: Collection>(_ features: C) -> Double where C.Element == Double {
        var sum = intercept
        for (c, x) in zip(coefficients, features) { sum += c * x }
        return sum
    }
}

/// The logistic function, written to stay accurate for large |z|.
@inline(__always)
func logistic(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}
