import DriftStatistics
import Foundation
import Testing
@testable import DriftwatchLearning

@Suite struct GradientBoostingTests {
    /// y = step function of x₀ plus a little noise: trees should recover it almost exactly.
    func stepData(rows: Int) -> (DenseMatrix, [Double]) {
        var generator = SplitMix64(seed: 5)
        var values: [Double] = [], y: [Double] = []
        for _ in 0..<rows {
            let a = Double(generator.next() % 1000) / 1000, b = Double(generator.next() % 1000) / 1000
            values += [a, b]
            y.append((a > 0.5 ? 10 : 0) + (b > 0.3 ? 3 : 0) + Double(generator.next() % 100) / 1000)
        }
        return (DenseMatrix(rows: rows, columns: 2, values: values), y)
    }

    @Test func regressionLearnsAStepFunction() throws {
        let (x, y) = stepData(rows: 2000)
        var parameters = GradientBoosting.Parameters()
        parameters.maxIterations = 50
        let model = try GradientBoosting.fit(x, y, classification: false, parameters: parameters, seed: 1)
        let mse = (0..<x.rows).reduce(0.0) { $0 + pow(model.rawScore(x.row($1)) - y[$1], 2) } / Double(x.rows)
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        // The steps are axis-aligned, so the trees should explain well over 99% of the variance.
        #expect(mse < 0.01 * variance)
        #expect(model.trees.count == 50)
        #expect(model.trees.allSatisfy { $0.feature.filter { $0 < 0 }.count <= parameters.maxLeafNodes })
    }

    @Test func earlyStoppingEndsWhenValidationStopsImproving() throws {
        let (x, y) = stepData(rows: 3000)
        var parameters = GradientBoosting.Parameters()
        parameters.maxIterations = 500
        parameters.learningRate = 0.5
        parameters.earlyStopping = true
        let model = try GradientBoosting.fit(x, y, classification: false, parameters: parameters, seed: 1)
        #expect(model.trees.count < 500)
        #expect(model.trees.count > parameters.iterationsWithoutChange)
    }

    @Test func classificationGivesCalibratedProbabilities() throws {
        let (x, y) = stepData(rows: 2000)
        let labels = y.map { $0 > 9 ? 1.0 : 0.0 }
        let model = try GradientBoosting.fit(x, labels, classification: true, parameters: GradientBoosting.Parameters(), seed: 1)
        let probabilities = (0..<x.rows).map { logistic(model.rawScore(x.row($0))) }
        let accuracy = zip(probabilities, labels).filter { ($0 >= 0.5) == ($1 == 1) }.count
        #expect(Double(accuracy) / Double(x.rows) > 0.99)
        #expect(probabilities.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(throws: GradientBoosting.Failure.self) {
            try GradientBoosting.fit(x, [Double](repeating: 1, count: x.rows), classification: true, parameters: GradientBoosting.Parameters(), seed: 1)
        }
    }
}
