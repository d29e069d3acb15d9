import DriftStatistics

/// What the multivariate methods keep of the reference, computed with the rest of the profile:
/// the fitted PCA and its reference rows' reconstruction errors in order (so thresholds fit any
/// window size), and a uniform sample of whole reference rows for the domain classifier, which
/// must learn from rows rather than from per-column summaries. Only feature columns take part; a
/// vector column takes part as one numeric column per position.
public struct MultivariateProfile: Sendable, Codable, Equatable {
    /// The feature columns, in schema order (a vector's positions as `name[i]`).
    public var columns: [String]
    public var reconstruction: PCAReconstruction
    /// Reconstruction errors of the reference rows, in order; at most ``errorLimit``, evenly spread.
    public var referenceErrors: [Double]
    /// Reference rows drawn at random (a fixed seed), at most the sample size asked for.
    public var sample: [MultivariateColumn]

    /// Most reconstruction errors kept: enough for 10 chunks of a 5,000-row window (larger windows
    /// take their thresholds from the errors' spread).
    public static let errorLimit = 50_000
    /// Reference rows kept for the domain classifier unless the caller asks otherwise.
    public static let defaultSampleRows = 5_000
    /// Most reference rows a profile's sample may hold.
    public static let maximumSampleRows = 1_000_000

    public init(columns: [String], reconstruction: PCAReconstruction, referenceErrors: [Double], sample: [MultivariateColumn]) {
        self.columns = columns
        self.reconstruction = reconstruction
        self.referenceErrors = referenceErrors
        self.sample = sample
    }

    /// Profiles the feature columns of a reference batch; nil when it has none or fewer than 2 rows.
    public init?(batch: ColumnarBatch, sampleRows: Int = defaultSampleRows) {
        let parts = batch.schema.columns.indices.filter { batch.schema.columns[$0].role == .feature }
            .flatMap { batch.columns[$0].multivariateParts(name: batch.schema.columns[$0].name) }
        guard !parts.isEmpty, batch.rowCount >= 2 else { return nil }
        let columns = parts.map(\.column)
        let reconstruction = PCAReconstruction(reference: columns)
        let errors = reconstruction.errors(columns)
        let stride = max(1, (errors.count + Self.errorLimit - 1) / Self.errorLimit)
        let rows = VectorProfile.uniformSample(of: Array(0..<batch.rowCount), count: sampleRows, seed: 0x6d76_7072_6f66)
        self.init(columns: parts.map(\.name), reconstruction: reconstruction,
                  referenceErrors: Swift.stride(from: 0, to: errors.count, by: stride).map { errors[$0] }, sample: columns.map { $0.rows(rows) })
    }

    /// The current batch's columns in the profile's order.
    public func current(_ batch: ColumnarBatch, source: String) throws -> [MultivariateColumn] {
        let wanted = Set(columns)
        var found: [String: MultivariateColumn] = [:]
        for (spec, column) in zip(batch.schema.columns, batch.columns) {
            guard wanted.contains(column.kind == .vector ? spec.name + "[0]" : spec.name) else { continue }
            for part in column.multivariateParts(name: spec.name) { found[part.name] = part.column }
        }
        return try columns.map { name in
            guard let column = found[name] else {
                throw DataError(file: source, column: name, "the reference has this column but the current data does not (or its vectors are shorter)")
            }
            return column
        }
    }

    /// The profile without some of its columns, for columns found to be ids after profiling. Each
    /// such column's values are all distinct, so it encodes to a constant: it adds nothing to the
    /// PCA's variance, its components' entries for it are 0, and dropping it changes no error.
    public func removing(_ names: Set<String>) -> MultivariateProfile? {
        let kept = columns.indices.filter { !names.contains(columns[$0]) }
        guard kept.count < columns.count else { return self }
        guard !kept.isEmpty else { return nil }
        let r = reconstruction
        let pca = PCAReconstruction(encodings: kept.map { r.encodings[$0] }, means: kept.map { r.means[$0] }, scales: kept.map { r.scales[$0] },
                                    centre: kept.map { r.centre[$0] }, components: r.components.map { component in kept.map { component[$0] } })
        return MultivariateProfile(columns: kept.map { columns[$0] }, reconstruction: pca, referenceErrors: referenceErrors, sample: kept.map { sample[$0] })
    }
}
