/// Vectors of one column (an embedding per row), row-aligned and stored flat: row r is
/// `values[r * dimensions ..< (r + 1) * dimensions]`. A missing row is all NaN; every present
/// row has `dimensions` finite numbers.
public struct VectorColumn: Sendable, Equatable {
    /// Numbers per row (0 when no row has a vector, and then `values` is empty).
    public var dimensions: Int
    public var values: [Double]
    public var rowCount: Int
    public var missingCount: Int

    /// Rows of `dimensions` numbers, flat; a row whose first number is NaN is missing.
    public init(dimensions: Int, values: [Double]) {
        precondition(dimensions > 0 ? values.count % dimensions == 0 : values.isEmpty, "a vector column's values are whole rows")
        self.dimensions = dimensions
        self.values = values
        rowCount = dimensions > 0 ? values.count / dimensions : 0
        missingCount = dimensions > 0 ? stride(from: 0, to: values.count, by: dimensions).reduce(0) { $0 + (values[$1].isNaN ? 1 : 0) } : 0
    }

    /// `rowCount` rows with no vector at all.
    public init(missingRows rowCount: Int) {
        dimensions = 0
        values = []
        self.rowCount = rowCount
        missingCount = rowCount
    }

    /// Rows given one by one (nil: missing); nil when the present ones differ in length, are
    /// empty, or hold a number that is not finite.
    public init?(rows: [[Double]?]) {
        guard let dimensions = rows.lazy.compactMap({ $0?.count }).first else {
            self.init(missingRows: rows.count)
            return
        }
        var values: [Double] = []
        values.reserveCapacity(rows.count * dimensions)
        for row in rows {
            if let row {
                guard row.count == dimensions, row.allSatisfy(\.isFinite) else { return nil }
                values.append(contentsOf: row)
            } else {
                values.append(contentsOf: repeatElement(.nan, count: dimensions))
            }
        }
        guard dimensions > 0 else { return nil }
        self.init(dimensions: dimensions, values: values)
    }

    /// Equal when they have the same rows, missing ones included (NaN equals NaN here).
    public static func == (lhs: VectorColumn, rhs: VectorColumn) -> Bool {
        lhs.dimensions == rhs.dimensions && lhs.rowCount == rhs.rowCount && lhs.missingCount == rhs.missingCount
            && zip(lhs.values, rhs.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    public func isPresent(_ row: Int) -> Bool {
        dimensions > 0 && !values[row * dimensions].isNaN
    }

    /// The vector of a row, nil when it is missing.
    public func row(_ row: Int) -> ArraySlice<Double>? {
        isPresent(row) ? values[row * dimensions..<(row + 1) * dimensions] : nil
    }

    /// The rows at `indices`, in that order.
    public func selecting(_ indices: some Sequence<Int>) -> VectorColumn {
        guard dimensions > 0 else { return VectorColumn(missingRows: Array(indices).count) }
        var picked: [Double] = []
        for index in indices { picked.append(contentsOf: values[index * dimensions..<(index + 1) * dimensions]) }
        return VectorColumn(dimensions: dimensions, values: picked)
    }

    /// The present rows only, flat: what the tests on vectors compare.
    public var presentValues: [Double] {
        missingCount == 0 ? values : selecting((0..<rowCount).filter(isPresent)).values
    }
}
