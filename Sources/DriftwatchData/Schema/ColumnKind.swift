/// How a column's values are compared: as numbers (KS, Wasserstein, quantile-binned PSI) or as
/// labels (chi-square, per-category PSI).
public enum ColumnKind: String, Sendable, Codable, CaseIterable {
    case numeric
    case categorical
    /// A fixed-length list of numbers per row, such as an embedding: JSON arrays in JSON Lines,
    /// CSV cells and ingest, fixed-size lists in Parquet. Tested as a whole (MMD), never per number.
    case vector
}

/// What a column is to the model. Features, the prediction and the target are tested for drift;
/// ids and timestamps are carried along but never tested.
public enum ColumnRole: String, Sendable, Codable, CaseIterable {
    case feature
    case prediction
    case target
    case id
    case timestamp

    /// Whether drift tests run on columns of this role.
    public var isMonitored: Bool { self == .feature || self == .prediction || self == .target }
}
