/// Multivariate drift as NannyML's *data reconstruction* measures it: the reference's columns are
/// imputed (numbers with their mean, categories with the most frequent), categories replaced by
/// their share of the reference rows, everything standardised, and a PCA fitted that keeps the
/// smallest number of components explaining more than `varianceShare` of the variance. A row's
/// reconstruction error is the Euclidean distance between it and its projection back from those
/// components; a chunk's value is the mean over its rows, with the standard error of that mean. A
/// change in how columns move together that no single column shows raises the error.
/// Reference: NannyML 0.13, `nannyml/drift/multivariate/data_reconstruction/calculator.py`
/// (SimpleImputer, category_encoders' CountEncoder with normalize, StandardScaler, PCA(0.65)).
public struct PCAReconstruction: Sendable {
    public typealias Column = MultivariateColumn

    /// How each column becomes a number: a numeric column's mean fills its gaps; a categorical
    /// column's most frequent value fills its gaps, and each category becomes its share of rows.
    enum Encoding: Sendable {
        case numeric(fill: Double)
        case categorical(fill: String, shares: [String: Double])
    }

    let encodings: [Encoding]
    let means: [Double], scales: [Double]
    /// The PCA's centre (of the standardised reference) and its kept components.
    let centre: [Double]
    public let components: [[Double]]

    public init(reference columns: [Column], varianceShare: Double = 0.65) {
        var encodings: [Encoding] = []
        for column in columns {
            switch column {
            case .numeric(let values):
                let present = values.filter { !$0.isNaN }
                encodings.append(.numeric(fill: present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)))
            case .categorical(let values):
                var counts: [String: Int] = [:]
                for case let value? in values { counts[value, default: 0] += 1 }
                // The most frequent, the smallest in sort order among ties (scikit-learn's SimpleImputer).
                let fill = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? ""
                counts[fill, default: 0] += values.count - counts.values.reduce(0, +)
                encodings.append(.categorical(fill: fill, shares: counts.mapValues { Double($0) / Double(max(values.count, 1)) }))
            }
        }
        self.encodings = encodings
        let raw = Self.encode(columns, encodings)
        let rows = raw.count, width = encodings.count
        var means = [Double](repeating: 0, count: width), scales = [Double](repeating: 1, count: width)
        for j in 0..<width {
            let mean = raw.reduce(0) { $0 + $1[j] } / Double(rows)
            let variance = raw.reduce(0) { $0 + ($1[j] - mean) * ($1[j] - mean) } / Double(rows)
            means[j] = mean
            scales[j] = variance > 0 ? variance.squareRoot() : 1
        }
        self.means = means
        self.scales = scales
        let standardised = raw.map { row in (0..<width).map { (row[$0] - means[$0]) / scales[$0] } }
        let centre = (0..<width).map { j in standardised.reduce(0) { $0 + $1[j] } / Double(rows) }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: width), count: width)
        for row in standardised {
            for i in 0..<width {
                let di = row[i] - centre[i]
                for j in i..<width { covariance[i][j] += di * (row[j] - centre[j]) }
            }
        }
        for i in 0..<width { for j in i..<width { covariance[i][j] /= Double(rows - 1); covariance[j][i] = covariance[i][j] } }
        let eigen = SymmetricEigen(covariance)
        let total = eigen.values.reduce(0) { $0 + max($1, 0) }
        // scikit-learn's choice for a share: the count of cumulative ratios ≤ the share, plus one.
        var cumulative = 0.0, kept = 0
        for value in eigen.values {
            cumulative += max(value, 0) / total
            kept += 1
            if cumulative > varianceShare { break }
        }
        self.centre = centre
        components = Array(eigen.vectors.prefix(max(kept, 1)))
    }

    static func encode(_ columns: [Column], _ encodings: [Encoding]) -> [[Double]] {
        let rows = columns.first?.count ?? 0
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: encodings.count), count: rows)
        for (j, (column, encoding)) in zip(columns, encodings).enumerated() {
            switch (column, encoding) {
            case (.numeric(let values), .numeric(let fill)):
                for i in 0..<rows { matrix[i][j] = values[i].isNaN ? fill : values[i] }
            case (.categorical(let values), .categorical(let fill, let shares)):
                // A category the reference never had counts 0, as category_encoders' CountEncoder answers.
                for i in 0..<rows { matrix[i][j] = shares[values[i] ?? fill] ?? 0 }
            case (.numeric(let values), .categorical(_, let shares)):
                for i in 0..<rows { matrix[i][j] = shares[String(values[i])] ?? 0 }
            case (.categorical, .numeric(let fill)):
                for i in 0..<rows { matrix[i][j] = fill }
            }
        }
        return matrix
    }

    /// Each row's reconstruction error; `columns` in the reference's order.
    public func errors(_ columns: [Column]) -> [Double] {
        Self.encode(columns, encodings).map { raw in
            let x = (0..<raw.count).map { (raw[$0] - means[$0]) / scales[$0] - centre[$0] }
            var residual = x
            for component in components {
                let score = zip(x, component).reduce(0) { $0 + $1.0 * $1.1 }
                for j in 0..<residual.count { residual[j] -= score * component[j] }
            }
            return residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
    }

    /// A chunk's value: the mean error and its standard error (the sample standard deviation over √n).
    public static func summary(_ errors: [Double]) -> (value: Double, samplingError: Double) {
        let n = Double(errors.count)
        let mean = errors.reduce(0, +) / n
        let variance = errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, (variance / n).squareRoot())
    }

    /// Alert thresholds from the reference chunks' values: their mean ± `multiplier` population
    /// standard deviations, the lower one at least 0.
    public static func thresholds(_ values: [Double], multiplier: Double = 3) -> (lower: Double, upper: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        return (max(0, mean - multiplier * deviation), mean + multiplier * deviation)
    }
}
