/// A dense row-major matrix of doubles: the design matrix of the linear models.
public struct DenseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns, values: [Double](repeating: 0, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The rows at the given indices, in that order.
    public func rows(_ indices: [Int]) -> DenseMatrix {
        var result = [Double]()
        result.reserveCapacity(indices.count * columns)
        values.withUnsafeBufferPointer { source in
            for index in indices {
                result.append(contentsOf: source[(index * columns)..<((index + 1) * columns)])
            }
        }
        return DenseMatrix(rows: indices.count, columns: columns, values: result)
    }

    public func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * columns)..<((index + 1) * columns)]
    }
}

/// Small linear-algebra routines for symmetric positive-definite systems.
enum LinearAlgebra {
    enum Failure: Error, Equatable {
        case notPositiveDefinite
    }

    /// Solves `A x = b` for symmetric positive-definite `A` (n×n, row-major) by Cholesky
    /// factorisation `A = L Lᵀ`, then forward and back substitution.
    static func solveSymmetricPositiveDefinite(_ a: [Double], _ b: [Double], size n: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            // A pivot that rounding alone keeps above zero means the matrix is singular.
            guard diagonal > 1e-12 * abs(a[j * n + j]), diagonal.isFinite else { throw Failure.notPositiveDefinite }
            let root = diagonal.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<max(n, j + 1) {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = sum / root
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<max(n, i + 1) { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
