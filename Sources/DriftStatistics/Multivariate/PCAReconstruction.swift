import Foundation

/// Multivariate drift as NannyML's *data reconstruction* measures it: the reference's columns are
/// imputed (numbers with their mean, categories with the most frequent), categories replaced by
/// their share of the reference rows, everything standardised, and a PCA fitted that keeps the
/// smallest number of components explaining more than `varianceShare` of the variance. A row's
/// reconstruction error is the Euclidean distance between it and its projection back from those
/// components; a chunk's value is the mean over its rows, with the standard error of that mean. A
/// change in how columns move together that no single column shows raises the error.
/// Reference: NannyML 0.13, `nannyml/drift/multivariate/data_reconstruction/calculator.py`
/// (SimpleImputer, category_encoders' CountEncoder with normalize, StandardScaler, PCA(0.65)).
public struct PCAReconstruction: Sendable, Codable, Equatable {
    /// How each column becomes a number: a numeric column's mean fills its gaps; a categorical
    /// column's most frequent value fills its gaps, and each category becomes its share of rows.
    public enum Encoding: Sendable, Codable, Equatable {
        case numeric(fill: Double)
        case categorical(fill: String, shares: [String: Double])
    }

    public let encodings: [Encoding]
    /// The standardisation: each encoded column's mean and population standard deviation (1 when 0).
    public let means: [Double], scales: [Double]
    /// The PCA's centre (of the standardised reference) and its kept components, each of unit length.
    public let centre: [Double]
    public let components: [[Double]]

    public init(encodings: [Encoding], means: [Double], scales: [Double], centre: [Double], components: [[Double]]) {
        self.encodings = encodings
        self.means = means
        self.scales = scales
        self.centre = centre
        self.components = components
    }

    public init(reference columns: [MultivariateColumn], varianceShare: Double = 0.65) {
        var encodings: [Encoding] = []
        for column in columns {
            switch column {
            case .numeric(let values):
                var sum = 0.0, present = 0
                for value in values where !value.isNaN { sum += value; present += 1 }
                encodings.append(.numeric(fill: present == 0 ? 0 : sum / Double(present)))
            case .categorical(let codes, let categories):
                var byCode = [Int](repeating: 0, count: categories.count)
                for code in codes where code >= 0 { byCode[Int(code)] += 1 }
                var counts: [String: Int] = [:]
                for (category, count) in zip(categories, byCode) where count > 0 { counts[category, default: 0] += count }
                // The most frequent, the smallest in sort order among ties (scikit-learn's SimpleImputer).
                let fill = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? ""
                counts[fill, default: 0] += codes.count - counts.values.reduce(0, +)
                encodings.append(.categorical(fill: fill, shares: counts.mapValues { Double($0) / Double(max(codes.count, 1)) }))
            }
        }
        self.encodings = encodings
        let width = encodings.count
        var matrix = Self.encode(columns, encodings)
        let rows = width == 0 ? 0 : matrix.count / width
        var means = [Double](repeating: 0, count: width), scales = [Double](repeating: 1, count: width)
        for j in 0..<width {
            var sum = 0.0
            for i in 0..<rows { sum += matrix[i * width + j] }
            let mean = sum / Double(rows)
            var squares = 0.0
            for i in 0..<rows { squares += (matrix[i * width + j] - mean) * (matrix[i * width + j] - mean) }
            means[j] = mean
            scales[j] = squares > 0 ? (squares / Double(rows)).squareRoot() : 1
        }
        for i in 0..<rows { for j in 0..<width { matrix[i * width + j] = (matrix[i * width + j] - means[j]) / scales[j] } }
        var centre = [Double](repeating: 0, count: width)
        for i in 0..<rows { for j in 0..<width { centre[j] += matrix[i * width + j] } }
        for j in 0..<width { centre[j] /= Double(rows) }
        var covariance = [Double](repeating: 0, count: width * width)
        matrix.withUnsafeBufferPointer { x in
            covariance.withUnsafeMutableBufferPointer { c in
                var d = [Double](repeating: 0, count: width)
                for i in 0..<rows {
                    for j in 0..<width { d[j] = x[i * width + j] - centre[j] }
                    for a in 0..<width { for b in a..<width { c[a * width + b] += d[a] * d[b] } }
                }
            }
        }
        let square = (0..<width).map { a in (0..<width).map { b in covariance[min(a, b) * width + max(a, b)] / Double(rows - 1) } }
        let eigen = SymmetricEigen(square)
        let total = eigen.values.reduce(0) { $0 + max($1, 0) }
        // scikit-learn's choice for a share: the count of cumulative ratios ≤ the share, plus one.
        var cumulative = 0.0, kept = 0
        for value in eigen.values {
            cumulative += max(value, 0) / total
            kept += 1
            if cumulative > varianceShare { break }
        }
        self.means = means
        self.scales = scales
        self.centre = centre
        components = Array(eigen.vectors.prefix(max(kept, 1)))
    }

    /// The columns as numbers, row-major.
    static func encode(_ columns: [MultivariateColumn], _ encodings: [Encoding]) -> [Double] {
        let rows = columns.first?.count ?? 0, width = encodings.count
        var matrix = [Double](repeating: 0, count: rows * width)
        matrix.withUnsafeMutableBufferPointer { m in
            for (j, (column, encoding)) in zip(columns, encodings).enumerated() {
                switch (column, encoding) {
                case (.numeric(let values), .numeric(let fill)):
                    for i in 0..<rows { m[i * width + j] = values[i].isNaN ? fill : values[i] }
                case (.categorical(let codes, let categories), .categorical(let fill, let shares)):
                    // Looked up once per category; one the reference never had counts 0, as
                    // category_encoders' CountEncoder answers; a missing one is the fill's.
                    let byCode = categories.map { shares[$0] ?? 0 }, missing = shares[fill] ?? 0
                    for i in 0..<rows { m[i * width + j] = codes[i] < 0 ? missing : byCode[Int(codes[i])] }
                case (.numeric(let values), .categorical(_, let shares)):
                    for i in 0..<rows { m[i * width + j] = shares[String(values[i])] ?? 0 }
                case (.categorical, .numeric(let fill)):
                    for i in 0..<rows { m[i * width + j] = fill }
                }
            }
        }
        return matrix
    }

    /// Each row's reconstruction error; `columns` in the reference's order. Large inputs are
    /// split between the cores.
    public func errors(_ columns: [MultivariateColumn]) -> [Double] {
        let width = encodings.count, kept = components.count
        let matrix = Self.encode(columns, encodings)
        let rows = width == 0 ? 0 : matrix.count / width
        // The standardisation and centring folded into one shift and scale per column.
        let shift = (0..<width).map { means[$0] + centre[$0] * scales[$0] }, inverse = scales.map { 1 / $0 }
        let basis = components.flatMap { $0 }
        var errors = [Double](repeating: 0, count: rows)
        let parts = rows >= 8_192 ? ProcessInfo.processInfo.activeProcessorCount : 1
        matrix.withUnsafeBufferPointer { m in
            basis.withUnsafeBufferPointer { p in
                shift.withUnsafeBufferPointer { shift in
                    inverse.withUnsafeBufferPointer { inverse in
                        errors.withUnsafeMutableBufferPointer { errors in
                            let shared = UnsafeSendableBox((m, p, shift, inverse, errors))
                            ParallelThreads.perform(iterations: parts) { part in
                                let (m, p, shift, inverse, errors) = shared.value
                                let x = UnsafeMutablePointer<Double>.allocate(capacity: 2 * width)
                                defer { x.deallocate() }
                                let residual = x + width
                                for i in (part * rows / parts)..<((part + 1) * rows / parts) {
                                    for j in 0..<width {
                                        x[j] = (m[i &* width &+ j] - shift[j]) * inverse[j]
                                        residual[j] = x[j]
                                    }
                                    // The residual itself, not ‖x‖² − ‖Pᵀx‖², so that rounding cannot make it negative.
                                    for k in 0..<kept {
                                        var score = 0.0
                                        for j in 0..<width { score += x[j] * p[k &* width &+ j] }
                                        for j in 0..<width { residual[j] -= score * p[k &* width &+ j] }
                                    }
                                    var squares = 0.0
                                    for j in 0..<width { squares += residual[j] * residual[j] }
                                    errors[i] = squares.squareRoot()
                                }
                            }
                        }
                    }
                }
            }
        }
        return errors
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

    /// Thresholds for a window of `windowRows` rows, from the reference rows' own errors in the
    /// reference's order: their mean ± `multiplier` times the larger of two spreads of a window's
    /// mean — the standard error of a mean of `windowRows` independent rows (σ/√n), and, when the
    /// reference holds at least `minimumChunks` chunks of the window's size, the spread of those
    /// chunks' means (NannyML's rule, which also sees slow swings in the reference). Ten chunks
    /// estimate a spread too loosely to be trusted alone: on stationary traffic the chunk rule at
    /// 3 raised 23 false alarms in 1,000 windows (README, multivariate soundness).
    public static func thresholds(referenceErrors errors: [Double], windowRows: Int, multiplier: Double = 4,
                                  minimumChunks: Int = 10) -> (lower: Double, upper: Double) {
        let size = max(windowRows, 1), n = Double(errors.count)
        guard n >= 2 else { return (0, .infinity) }
        let mean = errors.reduce(0, +) / n
        var deviation = (errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() / Double(size).squareRoot()
        let chunks = errors.count / size
        if chunks >= minimumChunks {
            let values = (0..<chunks).map { k in errors[(k * size)..<((k + 1) * size)].reduce(0, +) / Double(size) }
            let centre = values.reduce(0, +) / Double(chunks)
            deviation = max(deviation, (values.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(chunks)).squareRoot())
        }
        return (max(0, mean - multiplier * deviation), mean + multiplier * deviation)
    }
}
