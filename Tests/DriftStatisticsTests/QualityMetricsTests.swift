import Testing
@testable import DriftStatistics

@Suite struct QualityMetricsTests {
    struct RegressionCase: Decodable {
        var actual: [Double]; var predicted: [Double]
        var mae: Double; var rmse: Double; var mape: Double; var r2: Double; var mean_error: Double
    }

    struct BinaryCase: Decodable {
        var actual: [Int]; var probability: [Double]
        var accuracy: Double; var precision: Double; var recall: Double; var f1: Double
        var log_loss: Double; var roc_auc: Double?
    }

    struct MulticlassCase: Decodable {
        var actual: [String]; var predicted: [String]; var accuracy: Double; var macro_f1: Double
    }

    @Test func regressionMatchesSklearn() throws {
        let cases = try Fixture<RegressionCase>.load("regression")
        #expect(cases.count >= 200)
        for (index, c) in cases.enumerated() {
            let m = RegressionMetrics(actual: c.actual, predicted: c.predicted)
            #expect(Agreement.statistic(m.meanAbsoluteError, c.mae), "case \(index) MAE")
            #expect(Agreement.statistic(m.rootMeanSquaredError, c.rmse), "case \(index) RMSE")
            #expect(Agreement.statistic(m.meanAbsolutePercentageError, c.mape), "case \(index) MAPE \(m.meanAbsolutePercentageError) vs \(c.mape)")
            #expect(Agreement.relative(m.r2, c.r2, 1e-9, absolute: 1e-12), "case \(index) R² \(m.r2) vs \(c.r2)")
            #expect(Agreement.relative(m.meanError, c.mean_error, 1e-9, absolute: 1e-12), "case \(index) mean error")
        }
    }

    @Test func binaryMatchesSklearn() throws {
        let cases = try Fixture<BinaryCase>.load("binary")
        #expect(cases.count >= 200)
        for (index, c) in cases.enumerated() {
            let actual = c.actual.map { $0 == 1 }
            let m = BinaryClassificationMetrics(actual: actual, predicted: c.probability.map { $0 >= 0.5 }, probabilities: c.probability)
            #expect(Agreement.statistic(m.accuracy, c.accuracy), "case \(index) accuracy")
            #expect(Agreement.statistic(m.precision, c.precision), "case \(index) precision")
            #expect(Agreement.statistic(m.recall, c.recall), "case \(index) recall")
            #expect(Agreement.statistic(m.f1, c.f1), "case \(index) F1")
            #expect(Agreement.relative(try #require(m.logLoss), c.log_loss, 1e-9, absolute: 1e-12), "case \(index) log loss \(m.logLoss ?? .nan) vs \(c.log_loss)")
            if let auc = c.roc_auc {
                #expect(Agreement.relative(try #require(m.rocAUC), auc, 1e-9, absolute: 1e-12), "case \(index) AUC")
            } else {
                #expect(m.rocAUC == nil)
            }
        }
    }

    @Test func multiclassMatchesSklearn() throws {
        let cases = try Fixture<MulticlassCase>.load("multiclass")
        #expect(cases.count >= 200)
        for (index, c) in cases.enumerated() {
            let m = MulticlassMetrics(actual: c.actual, predicted: c.predicted)
            #expect(Agreement.statistic(m.accuracy, c.accuracy), "case \(index) accuracy")
            #expect(Agreement.statistic(m.macroF1, c.macro_f1), "case \(index) macro F1 \(m.macroF1) vs \(c.macro_f1)")
        }
    }
}
