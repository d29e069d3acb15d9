/// One column of a schema.
public struct ColumnSchema: Sendable, Equatable, Codable {
    public var name: String
    public var kind: ColumnKind
    public var role: ColumnRole
    /// The drift test that decides this column's verdict, overriding the default for its kind.
    public var driftTest: DriftTestName?

    public init(name: String, kind: ColumnKind, role: ColumnRole = .feature, driftTest: DriftTestName? = nil) {
        self.name = name
        self.kind = kind
        self.role = role
        self.driftTest = driftTest
    }
}

/// Names of the tests that can decide a column's drift verdict.
public enum DriftTestName: String, Sendable, Codable, CaseIterable {
    case ks
    case chiSquare = "chi_square"
    case psi
    case jensenShannon = "jensen_shannon"
    case wasserstein
    /// Maximum mean discrepancy with a Gaussian kernel and a permutation p-value (vector columns).
    case mmd

    /// Whether the test yields a p-value (compared with alpha) rather than a distance (compared with a threshold).
    public var isSignificanceTest: Bool { self == .ks || self == .chiSquare || self == .mmd }

    /// Whether the test applies to columns of this kind.
    public func applies(to kind: ColumnKind) -> Bool {
        switch self {
        case .ks, .wasserstein: kind == .numeric
        case .chiSquare: kind == .categorical
        case .psi, .jensenShannon: kind != .vector
        case .mmd: kind == .vector
        }
    }
}

/// The columns of a dataset: their names, kinds and roles, in order.
public struct Schema: Sendable, Equatable, Codable {
    public var columns: [ColumnSchema]

    public init(columns: [ColumnSchema]) {
        self.columns = columns
    }

    public func column(named name: String) -> ColumnSchema? {
        columns.first { $0.name == name }
    }

    /// Columns whose drift is tested.
    public var monitoredColumns: [ColumnSchema] { columns.filter { $0.role.isMonitored } }

    public func names(withRole role: ColumnRole) -> [String] {
        columns.filter { $0.role == role }.map(\.name)
    }
}
