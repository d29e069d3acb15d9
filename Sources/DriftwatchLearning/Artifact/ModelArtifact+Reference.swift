import DriftwatchData
import Foundation

extension ModelArtifact {
    /// What a model's training data looks like to an agent: the file read with the model's
    /// contract (inputs and target), profiled with the model's predictions in the prediction
    /// column, and the model's metrics on the rows with a target (named `reference_<metric>`: they
    /// are measured on rows it was trained on).
    public struct Reference: Sendable {
        public var profile: ReferenceProfile
        public var metrics: [String: Double]
        /// SHA-256 of the file, and its rows.
        public var fingerprint: String
        public var rows: Int
    }

    public func reference(path: String) throws -> Reference {
        let data = try DatasetReader.contents(path: path)
        let spec = SchemaSpec(columns: schema.columns.filter { $0.role == .feature || $0.role == .target }
            .map { .init(name: $0.name, kind: $0.kind, role: $0.role, test: $0.driftTest) })
        let batch = try DatasetReader.readBatch(data, source: path, schema: spec)
        guard batch.rowCount > 0 else { throw DataError(file: path, "holds no rows to profile") }
        let predictions: [Double]
        do {
            predictions = try model.predict(batch)
        } catch let error as FeatureError {
            throw DataError(file: path, error.message)
        }
        let profile = ReferenceProfile(batch: batch.appending(ColumnSchema(name: predictionColumn, kind: .numeric, role: .prediction),
                                                              .numeric(NumericColumn(values: predictions))),
                                       multivariateSampleRows: MultivariateProfile.defaultSampleRows)
        return Reference(profile: profile, metrics: referenceMetrics(batch, predictions: predictions), fingerprint: SHA256.hex(data), rows: batch.rowCount)
    }

    private func referenceMetrics(_ batch: ColumnarBatch, predictions: [Double]) -> [String: Double] {
        let (actual, predicted) = labelled(batch, predictions: predictions)
        guard !actual.isEmpty else { return [:] }
        let metrics = TrainingPipeline.metrics(task: model.task, actual: actual, predicted: predicted).filter { $0.value.isFinite }
        return Dictionary(uniqueKeysWithValues: metrics.map { ("reference_" + $0.key, $0.value) })
    }
}
