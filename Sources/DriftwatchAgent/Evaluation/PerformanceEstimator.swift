import DriftStatistics
import DriftwatchData
import DriftwatchLearning

/// Quality estimated before the labels come: confidence-based performance estimation (CBPE) of a
/// binary classifier over every prediction of the window, with an isotonic calibration fitted on
/// the reference's predictions and labels.
public struct PerformanceEstimator: Sendable {
    let calibration: IsotonicCalibration
    let predictionColumn: String

    /// Fits the calibration on the reference's prediction (probability) and target columns.
    /// `source`/`line` name the config key the error is about.
    public static func fit(reference: ColumnarBatch, positiveClass: String, source: String, line: Int?) throws -> PerformanceEstimator {
        func fail(_ message: String) -> DataError { DataError(file: source, line: line, "estimate_performance: " + message) }
        guard let prediction = reference.schema.columns.first(where: { $0.role == .prediction }),
              case .numeric(let scores)? = reference.column(named: prediction.name) else {
            throw fail("the reference needs the model's predicted probabilities in a numeric column with role prediction")
        }
        guard let target = reference.schema.columns.first(where: { $0.role == .target }), let truth = reference.column(named: target.name) else {
            throw fail("the reference needs the labels in a column with role target")
        }
        var pairs: [(Double, Bool)] = []
        for row in 0..<reference.rowCount {
            let score = scores.values[row]
            guard !score.isNaN else { continue }
            guard score >= 0 && score <= 1 else {
                throw fail("'\(prediction.name)' holds \(score) in reference row \(row + 1): CBPE needs predicted probabilities in [0, 1]")
            }
            switch truth {
            case .numeric(let column) where !column.values[row].isNaN: pairs.append((score, column.values[row] == (Double(positiveClass) ?? 1)))
            case .categorical(let column): if let value = column.value(at: row) { pairs.append((score, value == positiveClass)) }
            default: continue
            }
        }
        guard Set(pairs.map(\.1)).count == 2, let calibration = IsotonicCalibration(scores: pairs.map(\.0), labels: pairs.map(\.1)) else {
            throw fail("the reference needs labelled rows of both classes to calibrate on (found \(pairs.count) labelled rows)")
        }
        return PerformanceEstimator(calibration: calibration, predictionColumn: prediction.name)
    }

    /// CBPE over the window's predictions; nil when it holds no usable probability.
    func estimate(_ contents: WindowContents) -> ConfidenceBasedPerformance? {
        guard let column = contents.schema.columns.firstIndex(where: { $0.name == predictionColumn }),
              let scores = contents.numericValues(column: column)?.filter({ $0.isFinite && $0 >= 0 && $0 <= 1 }) else { return nil }
        return ConfidenceBasedPerformance(scores: scores, calibrated: scores.map(calibration.calibrate))
    }
}
