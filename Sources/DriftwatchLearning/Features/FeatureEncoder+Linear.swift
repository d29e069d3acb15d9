import DriftwatchData

extension FeatureEncoder {
    /// A linear model's scores for every row of a batch without building the encoded matrix: the
    /// numeric terms, then each categorical feature's one coefficient per row. The terms are added
    /// in the matrix's column order (a one-hot zero adds nothing), so the scores equal
    /// `linear.score` of each encoded row exactly.
    func linearScores(_ batch: ColumnarBatch, _ linear: LinearModel) throws -> [Double] {
        var scores = [Double](repeating: linear.intercept, count: batch.rowCount)
        var offset = 0
        for feature in numeric {
            let coefficient = linear.coefficients[offset]
            for (row, value) in try Self.standardized(feature, in: batch).enumerated() { scores[row] += coefficient * value }
            offset += 1
        }
        // The hot slot adds its coefficient; the others add c · 0 = ±0, which changes no sum.
        for feature in categorical {
            for (row, slot) in try Self.slots(feature, in: batch).enumerated() { scores[row] += linear.coefficients[offset + slot] }
            offset += feature.vocabulary.count + 1
        }
        return scores
    }
}
