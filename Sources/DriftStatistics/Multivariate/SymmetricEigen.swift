/// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method: rotations
/// that zero each off-diagonal entry in turn until the matrix is diagonal to machine precision.
/// Golub & Van Loan, *Matrix Computations* (4th ed.), §8.5.2–8.5.3 (the symmetric Schur
/// decomposition and the cyclic-by-row Jacobi sweep).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues, largest first.
    public let values: [Double]
    /// `vectors[i]` is the unit eigenvector of `values[i]`.
    public let vectors: [[Double]]

    /// `matrix`: n×n, row-major, symmetric.
    public init(_ matrix: [[Double]], maximumSweeps: Int = 100) {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<maximumSweeps {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p][q] * a[p][q] } }
            if off <= 1e-30 * max(1, (0..<n).reduce(0) { $0 + a[$1][$1] * a[$1][$1] }) { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p][q] != 0 {
                    // The rotation (c, s) that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
                    let tau = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] > a[$1][$1] }
        values = order.map { a[$0][$0] }
        vectors = order.map { column in (0..<n).map { v[$0][column] } }
    }
}
