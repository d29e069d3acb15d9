import DriftwatchTestSupport
import Foundation
import Testing
@testable import DriftStatistics

/// The projection onto the first principal components against scikit-learn's PCA
/// (scripts/generate_multivariate_fixtures.py principal_projection): three samples of 6, 40 and 128
/// dimensions, the sample itself and 20 other vectors projected, and the explained variances.
@Suite struct PrincipalProjectionTests {
    struct Expected: Decodable {
        struct Case: Decodable {
            var dimensions: Int
            var components: Int
            var sample: [Double]
            var projected: [Double]
            var other: [Double]
            var other_projected: [Double]
            var explained_variance: [Double]
        }
        var cases: [Case]
    }

    @Test func projectionsEqualScikitLearnsUpToEachComponentsSign() throws {
        let expected = try MultivariateFixture.expected("principal_projection", as: Expected.self)
        var worst = 0.0
        for item in expected.cases {
            let projection = PrincipalProjection(sample: item.sample, dimensions: item.dimensions, components: item.components)
            for (ours, theirs) in zip(projection.variances, item.explained_variance) {
                #expect(abs(ours - theirs) <= 1e-9 * theirs, "\(item.dimensions)-D variance \(ours) vs \(theirs)")
            }
            for (vectors, reference) in [(item.sample, item.projected), (item.other, item.other_projected)] {
                let projected = projection.project(vectors)
                let k = item.components, rows = projected.count / k
                for c in 0..<k {
                    let ours = (0..<rows).map { projected[$0 * k + c] }, theirs = (0..<rows).map { reference[$0 * k + c] }
                    // A component's sign is arbitrary: compare with the sign that fits.
                    let sign: Double = zip(ours, theirs).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1 : 1
                    let scale = theirs.map(abs).max() ?? 1
                    let error = zip(ours, theirs).map { abs(sign * $0 - $1) }.max() ?? 0
                    worst = max(worst, error / scale)
                    #expect(error <= 1e-8 * scale, "\(item.dimensions)-D component \(c): largest difference \(error)")
                }
            }
        }
        print("principal projection vs scikit-learn: largest relative difference \(worst)")
    }
}
