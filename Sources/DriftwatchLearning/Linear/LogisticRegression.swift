import DriftwatchData
import Foundation

/// L2-regularised logistic regression for a binary target: minimises
/// `C · Σ log(1 + exp(−sᵢ(w·xᵢ + b))) + ½‖w‖²` (sᵢ = ±1) with an unpenalised intercept — the
/// objective of `sklearn.linear_model.LogisticRegression(C=C)` — by Newton's method with a
/// backtracking line search, to a gradient norm far below sklearn's default tolerance.
public enum LogisticRegression {
    public enum Failure: DriftwatchError, Equatable {
        case noRows
        case oneClass
        case notConverged(iterations: Int)

        public var description: String {
            switch self {
            case .noRows: "logistic regression needs at least one row"
            case .oneClass: "the target has only one class; logistic regression needs both"
            case .notConverged(let iterations): "logistic regression did not converge in \(iterations) Newton steps"
            }
        }
    }

    public static func fit(_ x: DenseMatrix, _ y: [Bool], c: Double, maxIterations: Int = 200) throws -> LinearModel {
        precondition(x.rows == y.count && c > 0)
        guard x.rows > 0 else { throw Failure.noRows }
        guard y.contains(true) && y.contains(false) else { throw Failure.oneClass }
        let n = x.rows, p = x.columns, size = p + 1
        // Parameters θ = (w₀ … w_{p−1}, b).
        var theta = [Double](repeating: 0, count: size)

        func objective(_ theta: [Double]) -> Double {
            var loss = 0.0
            for i in 0..<n {
                var z = theta[p]
                for j in 0..<p { z += theta[j] * x[i, j] }
                // log(1 + exp(−s z)), stable for either sign.
                let m = y[i] ? -z : z
                loss += m > 0 ? m + log1p(exp(-m)) : log1p(exp(m))
            }
            var penalty = 0.0
            for j in 0..<p { penalty += theta[j] * theta[j] }
            return c * loss + 0.5 * penalty
        }

        var current = objective(theta)
        for iteration in 0..<maxIterations {
            var gradient = [Double](repeating: 0, count: size)
            var hessian = [Double](repeating: 0, count: size * size)
            var row = [Double](repeating: 1, count: size)
            for i in 0..<n {
                for j in 0..<p { row[j] = x[i, j] }
                var z = theta[p]
                for j in 0..<p { z += theta[j] * row[j] }
                let probability = logistic(z)
                let residual = probability - (y[i] ? 1 : 0)
                let weight = probability * (1 - probability)
                for j in 0..<size {
                    gradient[j] += c * residual * row[j]
                    let wj = c * weight * row[j]
                    if wj == 0 { continue }
                    for k in j..<size { hessian[j * size + k] += wj * row[k] }
                }
            }
            for j in 0..<size { for k in 0..<j { hessian[j * size + k] = hessian[k * size + j] } }
            for j in 0..<p {
                gradient[j] += theta[j]
                hessian[j * size + j] += 1
            }
            let gradientNorm = gradient.reduce(0) { max($0, abs($1)) }
            if gradientNorm < 1e-10 * max(1, c * Double(n)) { return model(theta, p) }
            // A tiny ridge on the intercept keeps the system solvable when the classes separate.
            hessian[size * size - 1] += 1e-12
            let step = try LinearAlgebra.solveSymmetricPositiveDefinite(hessian, gradient, size: size)
            var scale = 1.0
            var accepted = false
            // The Newton decrement: how much a full step would lower the objective (×2).
            let decrease = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            if decrease <= 1e-24 * max(1, current) { return model(theta, p) }
            for _ in 0..<60 {
                let candidate = zip(theta, step).map { $0 - scale * $1 }
                let value = objective(candidate)
                if value < current && value <= current - 1e-4 * scale * decrease {
                    theta = candidate
                    current = value
                    accepted = true
                    break
                }
                scale /= 2
            }
            // No step lowers the objective any more: the optimum is reached to rounding.
            if !accepted { return model(theta, p) }
            _ = iteration
        }
        throw Failure.notConverged(iterations: maxIterations)
    }

    private static func model(_ theta: [Double], _ p: Int) -> LinearModel {
        LinearModel(coefficients: Array(theta[0..<p]), intercept: theta[p])
    }
}
