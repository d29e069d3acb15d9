import DriftwatchData
/// Ridge regression: minimises `‖y − Xw − b‖² + α‖w‖²` with an unpenalised intercept, solved
/// exactly — centre X and y, solve `(XᵀX + αI) w = Xᵀy` by Cholesky, `b = ȳ − x̄ᵀw` — which is
/// what `sklearn.linear_model.Ridge(alpha)` computes for dense input.
public enum Ridge {
    public enum Failure: DriftwatchError, Equatable {
        case noRows
        case singular

        public var description: String {
            switch self {
            case .noRows: "ridge regression needs at least one row"
            case .singular: "the features are linearly dependent and alpha is 0; use alpha > 0"
            }
        }
    }

    public static func fit(_ x: DenseMatrix, _ y: [Double], alpha: Double) throws -> LinearModel {
        precondition(x.rows == y.count && alpha >= 0)
        guard x.rows > 0 else { throw Failure.noRows }
        let n = x.rows, p = x.columns
        var means = [Double](repeating: 0, count: p)
        var yMean = 0.0
        for i in 0..<n {
            for j in 0..<p { means[j] += x[i, j] }
            yMean += y[i]
        }
        for j in 0..<p { means[j] /= Double(n) }
        yMean /= Double(n)
        guard p > 0 else { return LinearModel(coefficients: [], intercept: yMean) }
        var gram = [Double](repeating: 0, count: p * p)
        var moment = [Double](repeating: 0, count: p)
        var centred = [Double](repeating: 0, count: p)
        x.values.withUnsafeBufferPointer { values in
            for i in 0..<n {
                for j in 0..<p { centred[j] = values[i * p + j] - means[j] }
                let yc = y[i] - yMean
                for j in 0..<p {
                    let cj = centred[j]
                    if cj == 0 { continue }
                    moment[j] += cj * yc
                    for k in j..<p { gram[j * p + k] += cj * centred[k] }
                }
            }
        }
        for j in 0..<p {
            for k in 0..<j { gram[j * p + k] = gram[k * p + j] }
            gram[j * p + j] += alpha
        }
        let w: [Double]
        do {
            w = try LinearAlgebra.solveSymmetricPositiveDefinite(gram, moment, size: p)
        } catch {
            throw Failure.singular
        }
        var intercept = yMean
        for j in 0..<p { intercept -= means[j] * w[j] }
        return LinearModel(coefficients: w, intercept: intercept)
    }
}
