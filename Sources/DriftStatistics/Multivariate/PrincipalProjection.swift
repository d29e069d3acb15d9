/// The first principal components of a sample of vectors, to compare vectors in a few dimensions
/// rather than hundreds (an embedding before MMD). Fitted by orthogonal iteration on the centred
/// sample with a few extra vectors, and Rayleigh–Ritz on the subspace found (Golub & Van Loan,
/// *Matrix Computations*, 4th ed., §8.2.4 and §8.1.2): each step multiplies by XᵀX without forming
/// it, so the cost is rows × dimensions × components per step whatever the dimensions.
public struct PrincipalProjection: Sendable, Equatable {
    public let dimensions: Int
    /// The sample's mean, subtracted before projecting.
    public let mean: [Double]
    /// `components` unit vectors of `dimensions` numbers, flat, largest variance first.
    public let basis: [Double]
    /// The variance along each component (divided by rows − 1).
    public let variances: [Double]

    public var components: Int { variances.count }

    /// `sample`: rows of `dimensions` numbers, flat; at least 2 rows and `components` ≤ `dimensions`.
    public init(sample: [Double], dimensions: Int, components wanted: Int, seed: UInt64 = 0x7063_6173) {
        precondition(dimensions > 0 && sample.count % dimensions == 0 && sample.count / dimensions >= 2 && (1...dimensions).contains(wanted))
        let rows = sample.count / dimensions
        var mean = [Double](repeating: 0, count: dimensions)
        for r in 0..<rows { for j in 0..<dimensions { mean[j] += sample[r * dimensions + j] } }
        for j in 0..<dimensions { mean[j] /= Double(rows) }
        var centred = sample
        for r in 0..<rows { for j in 0..<dimensions { centred[r * dimensions + j] -= mean[j] } }
        // A few more vectors than asked for: the error falls as (λ[block + 1] / λ[wanted])^step.
        let block = min(dimensions, wanted + 4)
        var generator = SplitMix64(seed: seed)
        var q = (0..<dimensions * block).map { _ in Double(generator.next() >> 11) * 0x1p-53 - 0.5 }
        Self.orthonormalize(&q, dimensions: dimensions, columns: block)
        var ritz = [Double](repeating: 0, count: block)
        var rotation: [[Double]] = []
        for step in 0..<1_000 {
            let y = Self.multiply(centred, rows: rows, dimensions: dimensions, by: q, columns: block)
            // Rayleigh–Ritz: T = Yᵀ Y / (rows − 1) = Qᵀ C Q, whose eigenvalues estimate the variances.
            var t = [[Double]](repeating: [Double](repeating: 0, count: block), count: block)
            for a in 0..<block {
                for b in a..<block {
                    var sum = 0.0
                    for r in 0..<rows { sum += y[r * block + a] * y[r * block + b] }
                    t[a][b] = sum / Double(rows - 1)
                    t[b][a] = t[a][b]
                }
            }
            let eigen = SymmetricEigen(t)
            let settled = zip(eigen.values.prefix(wanted), ritz.prefix(wanted)).allSatisfy { abs($0 - $1) <= 1e-15 * max(abs($0), 1e-300) }
            ritz = eigen.values
            rotation = eigen.vectors
            if settled && step >= 2 { break }
            // Next: Q ← orth(Xᵀ Y).
            q = Self.multiplyTransposed(centred, rows: rows, dimensions: dimensions, by: y, columns: block)
            Self.orthonormalize(&q, dimensions: dimensions, columns: block)
        }
        // The Ritz vectors: Q times T's eigenvectors, largest first.
        var basis = [Double](repeating: 0, count: wanted * dimensions)
        for c in 0..<wanted {
            for j in 0..<dimensions {
                var sum = 0.0
                for a in 0..<block { sum += q[j * block + a] * rotation[c][a] }
                basis[c * dimensions + j] = sum
            }
        }
        self.dimensions = dimensions
        self.mean = mean
        self.basis = basis
        variances = Array(ritz.prefix(wanted))
    }

    /// Rows of `dimensions` numbers, flat, as rows of `components` coordinates.
    public func project(_ vectors: [Double]) -> [Double] {
        precondition(vectors.count % dimensions == 0)
        let rows = vectors.count / dimensions, k = components
        var result = [Double](repeating: 0, count: rows * k)
        for r in 0..<rows {
            for c in 0..<k {
                var sum = 0.0
                for j in 0..<dimensions { sum += (vectors[r * dimensions + j] - mean[j]) * basis[c * dimensions + j] }
                result[r * k + c] = sum
            }
        }
        return result
    }

    /// X Q: (rows × dimensions) times (dimensions × columns), both row-major.
    static func multiply(_ x: [Double], rows: Int, dimensions: Int, by q: [Double], columns: Int) -> [Double] {
        var y = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for j in 0..<dimensions {
                let value = x[r * dimensions + j]
                if value == 0 { continue }
                for c in 0..<columns { y[r * columns + c] += value * q[j * columns + c] }
            }
        }
        return y
    }

    /// Xᵀ Y: (dimensions × rows) times (rows × columns).
    static func multiplyTransposed(_ x: [Double], rows: Int, dimensions: Int, by y: [Double], columns: Int) -> [Double] {
        var z = [Double](repeating: 0, count: dimensions * columns)
        for r in 0..<rows {
            for j in 0..<dimensions {
                let value = x[r * dimensions + j]
                if value == 0 { continue }
                for c in 0..<columns { z[j * columns + c] += value * y[r * columns + c] }
            }
        }
        return z
    }

    /// Modified Gram–Schmidt on the columns of a (dimensions × columns) row-major matrix; a column
    /// that vanishes (the sample spans fewer dimensions) is left zero.
    static func orthonormalize(_ q: inout [Double], dimensions: Int, columns: Int) {
        for c in 0..<columns {
            for previous in 0..<c {
                var dot = 0.0
                for j in 0..<dimensions { dot += q[j * columns + c] * q[j * columns + previous] }
                for j in 0..<dimensions { q[j * columns + c] -= dot * q[j * columns + previous] }
            }
            var norm = 0.0
            for j in 0..<dimensions { norm += q[j * columns + c] * q[j * columns + c] }
            norm = norm.squareRoot()
            for j in 0..<dimensions { q[j * columns + c] = norm > 1e-300 ? q[j * columns + c] / norm : 0 }
        }
    }
}
