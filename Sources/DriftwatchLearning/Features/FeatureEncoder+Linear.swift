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
            guard case .numeric(let column)? = batch.column(named: feature.name) else {
                throw FeatureError(message: "numeric feature '\(feature.name)' is missing or not numeric")
            }
            let coefficient = linear.coefficients[offset]
            for row in 0..<batch.rowCount {
                let value = column.values[row]
                scores[row] += coefficient * (value.isNaN ? 0 : (value - feature.mean) / feature.scale)
            }
            offset += 1
        }
        for feature in categorical {
            let index = Dictionary(uniqueKeysWithValues: feature.vocabulary.enumerated().map { ($1, $0) })
            let width = feature.vocabulary.count + 1
            // The hot slot adds its coefficient; the others add c · 0 = ±0, which changes no sum.
            func add(_ row: Int, _ slot: Int) {
                scores[row] += linear.coefficients[offset + slot]
            }
            if let slots = Self.slotsByCode(feature, index: index, in: batch) {
                for row in 0..<batch.rowCount { add(row, slots(row)) }
            } else {
                for (row, value) in try Self.categoryValues(feature.sources, in: batch).enumerated() {
                    add(row, value.flatMap { index[$0] } ?? feature.vocabulary.count)
                }
            }
            offset += width
        }
        return scores
    }
}
