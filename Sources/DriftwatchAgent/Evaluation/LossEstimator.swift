import DriftStatistics
import DriftwatchData
import DriftwatchLearning

/// Quality of a regressor estimated before the labels come: direct loss estimation (DLE). Two
/// gradient-boosted models learn, on the reference file, each row's absolute error and squared
/// error from its features and its prediction; over a window, the estimated MAE is the mean
/// predicted absolute error and the estimated RMSE the root of the mean predicted squared error
/// (predictions below zero count as zero).
///
/// Reference: NannyML's DLE (docs.nannyml.com, "Direct Loss Estimation"), which uses LightGBM with
/// its defaults where Driftwatch uses its own histogram gradient boosting with the same ones.
public struct LossEstimator: Sendable {
    let encoder: FeatureEncoder
    let absoluteError: BoostedTrees
    let squaredError: BoostedTrees

    /// Fits on the reference's feature columns, prediction and target. `source`/`line` name the
    /// config key errors are about.
    public static func fit(reference: ColumnarBatch, source: String, line: Int?) throws -> LossEstimator {
        func fail(_ message: String) -> DataError { DataError(file: source, line: line, "estimate_performance: " + message) }
        let schema = reference.schema
        guard let prediction = schema.columns.first(where: { $0.role == .prediction }), case .numeric(let predicted)? = reference.column(named: prediction.name) else {
            throw fail("the reference needs the model's predictions in a numeric column with role prediction")
        }
        guard let target = schema.columns.first(where: { $0.role == .target }), case .numeric(let actual)? = reference.column(named: target.name) else {
            throw fail("the reference needs the true values in a numeric column with role target")
        }
        let features = schema.columns.filter { $0.role == .feature }
        let spec = FeatureSpec(numeric: features.filter { $0.kind == .numeric }.map(\.name) + [prediction.name],
                               categorical: features.filter { $0.kind == .categorical }.map(\.name), standardize: false)
        let rows = (0..<reference.rowCount).filter { !predicted.values[$0].isNaN && !actual.values[$0].isNaN }
        guard rows.count >= 100 else { throw fail("the reference needs at least 100 rows with both a prediction and a true value (found \(rows.count))") }
        let batch = reference.selecting(rows: rows)
        do {
            let encoder = try FeatureEncoder.fit(spec, on: batch)
            let x = try encoder.encode(batch)
            let errors = rows.map { actual.values[$0] - predicted.values[$0] }
            let parameters = GradientBoosting.Parameters()
            return LossEstimator(encoder: encoder,
                                 absoluteError: try GradientBoosting.fit(x, errors.map(abs), classification: false, parameters: parameters, seed: 1),
                                 squaredError: try GradientBoosting.fit(x, errors.map { $0 * $0 }, classification: false, parameters: parameters, seed: 1))
        } catch let error as DataError {
            throw error
        } catch {
            throw fail("cannot learn the loss from the reference: \(error)")
        }
    }

    /// Estimated MAE and RMSE over rows of a batch with the reference's columns; nil without rows.
    public func estimate(_ batch: ColumnarBatch) -> (mae: Double, rmse: Double, count: Int)? {
        guard batch.rowCount > 0, let x = try? encoder.encode(batch) else { return nil }
        var absolute = 0.0, squared = 0.0
        for row in 0..<x.rows {
            absolute += max(0, absoluteError.rawScore(x.row(row)))
            squared += max(0, squaredError.rawScore(x.row(row)))
        }
        let n = Double(x.rows)
        return (absolute / n, (squared / n).squareRoot(), x.rows)
    }
}
