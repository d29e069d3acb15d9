import DriftwatchParquet
import Foundation

/// Reads a Parquet file (``ParquetFile``) as a typed table: the requested columns are decoded
/// in parallel, numbers kept as numbers, strings and booleans as labels, lists of numbers as
/// vectors. A declared kind
/// that differs from the stored type converts: numbers to their text as labels, labels that
/// read as numbers to numbers (any other label is an error naming the row).
enum ParquetDatasetReader {
    static func read(_ data: Data, source: String, columns requested: [ColumnRequest]?) throws -> TypedTable {
        let file: ParquetFile
        do {
            file = try ParquetFile(data: data)
        } catch let error as ParquetError {
            throw DataError(file: source, error.message)
        }
        let wanted = requested ?? file.columnNames.map { ColumnRequest(name: $0) }
        let columns = try wanted.map { request -> ParquetColumn in
            guard file.columnNames.contains(request.name) else {
                throw DataError(file: source, column: request.name, "the schema names this column but the data has no such column (found: \(file.columnNames.joined(separator: ", ")))")
            }
            do {
                return try file.column(named: request.name)
            } catch let error as ParquetError {
                throw DataError(file: source, column: request.name, error.message)
            }
        }
        let results = ChunkedRead.parallel(columns.count) { index in
            Result { try convert(file.read(columns[index]), to: wanted[index].kind, name: wanted[index].name, source: source) }
        }
        var typed: [Column] = []
        for result in results {
            do {
                typed.append(try result.get())
            } catch let error as ParquetError {
                throw DataError(file: source, error.message)
            }
        }
        if file.rowCount == 0 { throw DataError(file: source, "the file has no rows") }
        return TypedTable(source: source, header: file.columnNames, names: wanted.map(\.name), columns: typed, rowCount: file.rowCount)
    }

    static func convert(_ values: ParquetValues, to kind: ColumnKind?, name: String, source: String) throws -> Column {
        switch (values, kind) {
        case (.lists(let numbers, let lengths), .vector), (.lists(let numbers, let lengths), nil):
            return .vector(try vectors(numbers, lengths: lengths, name: name, source: source))
        case (.lists, let declared?):
            throw DataError(file: source, column: name, "holds a list of numbers per row, but the column is \(declared.rawValue) (declare it vector)")
        case (_, .vector):
            throw DataError(file: source, column: name, "is declared vector, but it holds one value per row, not a list of numbers")
        case (.numbers(let numbers), .categorical):
            return .categorical(CategoricalColumn(values: numbers.lazy.map { $0.isNaN ? nil : label($0) }))
        case (.numbers(let numbers), _):
            if let row = numbers.firstIndex(where: { $0.isInfinite }) {
                throw DataError(file: source, column: name, "row \(row + 1): '\(numbers[row])' is not a finite number")
            }
            return .numeric(NumericColumn(values: numbers))
        case (.labels(let categories, let codes), .numeric):
            var parsed = [Double](repeating: .nan, count: categories.count)
            for (code, text) in categories.enumerated() {
                guard let number = NumberParser.parse(text), number.isFinite else {
                    let row = codes.firstIndex(of: Int32(code)).map { $0 + 1 } ?? 0
                    throw DataError(file: source, column: name, "row \(row): '\(text.prefix(40))' is not a number, but the column is numeric")
                }
                parsed[code] = number
            }
            return .numeric(NumericColumn(values: codes.map { $0 < 0 ? .nan : parsed[Int($0)] }))
        case (.labels(let categories, let codes), _):
            return .categorical(CategoricalColumn(codes: codes, categories: categories))
        }
    }

    /// Lists of numbers as vectors: every present list as long as the first, every number finite;
    /// a null or empty list is a missing row.
    static func vectors(_ numbers: [Double], lengths: [Int?], name: String, source: String) throws -> VectorColumn {
        guard let dimensions = lengths.lazy.compactMap({ $0 }).first, let first = lengths.firstIndex(where: { $0 != nil }) else {
            return VectorColumn(missingRows: lengths.count)
        }
        var values: [Double] = []
        values.reserveCapacity(lengths.count * dimensions)
        var next = 0
        for (row, length) in lengths.enumerated() {
            guard let length else {
                values.append(contentsOf: repeatElement(.nan, count: dimensions))
                continue
            }
            guard length == dimensions else {
                throw DataError(file: source, column: name, "row \(row + 1): a list of \(length) numbers where row \(first + 1) had \(dimensions)")
            }
            let vector = numbers[next..<next + length]
            if let bad = vector.first(where: { !$0.isFinite }) {
                throw DataError(file: source, column: name, "row \(row + 1): '\(bad)' in the list is not a finite number")
            }
            values.append(contentsOf: vector)
            next += length
        }
        return VectorColumn(dimensions: dimensions, values: values)
    }

    /// A number as a label: integers without a decimal point, as they would read in a CSV file.
    static func label(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
