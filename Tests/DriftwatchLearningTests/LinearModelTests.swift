import Foundation
import Testing
@testable import DriftwatchLearning

struct LinearFixture: Decodable {
    struct RidgeCase: Decodable {
        var x: [[Double]]; var y: [Double]; var alpha: Double
        var coefficients: [Double]; var intercept: Double
        var test: [[Double]]; var predictions: [Double]
    }
    struct LogisticCase: Decodable {
        var x: [[Double]]; var y: [Int]; var c: Double
        var test: [[Double]]; var probabilities: [Double]
        var coefficients: [Double]; var intercept: Double
    }
    var ridge: [RidgeCase]
    var logistic: [LogisticCase]

    static func load() throws -> LinearFixture {
        let url = try #require(Bundle.module.url(forResource: "linear", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(LinearFixture.self, from: Data(contentsOf: url))
    }
}

func matrix(_ rows: [[Double]]) -> DenseMatrix {
    DenseMatrix(rows: rows.count, columns: rows.first?.count ?? 0, values: rows.flatMap { $0 })
}

@Suite struct LinearModelTests {
    @Test func ridgeMatchesSklearn() throws {
        let cases = try LinearFixture.load().ridge
        #expect(cases.count >= 30)
        var worst = 0.0
        for (index, c) in cases.enumerated() {
            let model = try Ridge.fit(matrix(c.x), c.y, alpha: c.alpha)
            for (a, b) in zip(model.coefficients, c.coefficients) {
                #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "case \(index): coefficient \(a) vs sklearn \(b)")
                worst = max(worst, abs(a - b) / max(1, abs(b)))
            }
            #expect(abs(model.intercept - c.intercept) <= 1e-6 * max(1, abs(c.intercept)), "case \(index): intercept")
            for (row, expected) in zip(c.test, c.predictions) {
                #expect(abs(model.score(row) - expected) <= 1e-6 * max(1, abs(expected)))
            }
        }
        print("ridge vs sklearn over \(cases.count) cases: worst coefficient error \(worst)")
    }

    @Test func logisticMatchesSklearn() throws {
        let cases = try LinearFixture.load().logistic
        #expect(cases.count >= 30)
        var worst = 0.0
        for (index, c) in cases.enumerated() {
            let model = try LogisticRegression.fit(matrix(c.x), c.y.map { $0 == 1 }, c: c.c)
            for (row, expected) in zip(c.test, c.probabilities) {
                let probability = logistic(model.score(row))
                #expect(abs(probability - expected) <= 1e-4, "case \(index): probability \(probability) vs sklearn \(expected)")
                worst = max(worst, abs(probability - expected))
            }
        }
        print("logistic vs sklearn over \(cases.count) cases: worst probability difference \(worst)")
    }

    @Test func degenerateInputsAreExplained() {
        #expect(throws: LogisticRegression.Failure.oneClass) {
            try LogisticRegression.fit(matrix([[1], [2]]), [true, true], c: 1)
        }
        #expect(throws: Ridge.Failure.singular) {
            try Ridge.fit(matrix([[1, 2], [2, 4], [3, 6]]), [1, 2, 3], alpha: 0)
        }
    }
}
