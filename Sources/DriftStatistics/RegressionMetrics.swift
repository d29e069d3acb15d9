import Foundation

/// Quality of numeric predictions against ground truth, with sklearn's definitions.
public struct RegressionMetrics: Sendable, Equatable, Codable {
    public var count: Int
    /// Mean absolute error.
    public var meanAbsoluteError: Double
    /// Root mean squared error.
    public var rootMeanSquaredError: Double
    /// Mean absolute percentage error as a ratio (not ×100); the denominator is `max(|actual|, ε)`
    /// as in `sklearn.metrics.mean_absolute_percentage_error`.
    public var meanAbsolutePercentageError: Double
    /// Coefficient of determination; 1 for a perfect fit of a constant target, 0 otherwise
    /// (sklearn's `force_finite=True`).
    public var r2: Double
    /// Mean of `prediction − actual`: positive when the model over-predicts.
    public var meanError: Double

    /// - Precondition: same non-zero length.
    public init(actual: [Double], predicted: [Double]) {
        precondition(actual.count == predicted.count && !actual.isEmpty)
        let n = Double(actual.count)
        var absSum = 0.0, squaredSum = 0.0, percentSum = 0.0, errorSum = 0.0, actualSum = 0.0
        for (y, p) in zip(actual, predicted) {
            let e = p - y
            absSum += abs(e)
            squaredSum += e * e
            percentSum += abs(e) / Swift.max(abs(y), Double.ulpOfOne)
            errorSum += e
            actualSum += y
        }
        let actualMean = actualSum / n
        var totalSquares = 0.0
        for y in actual { totalSquares += (y - actualMean) * (y - actualMean) }
        count = actual.count
        meanAbsoluteError = absSum / n
        rootMeanSquaredError = (squaredSum / n).squareRoot()
        meanAbsolutePercentageError = percentSum / n
        meanError = errorSum / n
        if totalSquares == 0 {
            r2 = squaredSum == 0 ? 1 : 0
        } else {
            r2 = 1 - squaredSum / totalSquares
        }
    }
}
