/// The checks a profile read from a file passes before it is used: the counts a hostile file
/// could make overflow, allocate without end or index past an array are bounded and consistent.
extension ReferenceProfile {
    /// The most reference rows a profile may describe (per column, values are 8 bytes each).
    public static let maximumRows = 200_000_000
    /// The most PSI bins a numeric column may have.
    public static let maximumBins = 10_000

    func validate(source: String) throws {
        func fail(_ column: String?, _ message: String) -> DataError { DataError(file: source, column: column, message) }
        guard (0...Self.maximumRows).contains(rowCount) else { throw fail(nil, "row count \(rowCount) is outside 0…\(Self.maximumRows)") }
        guard (1...Self.maximumBins).contains(binCount) else { throw fail(nil, "bin count \(binCount) is outside 1…\(Self.maximumBins)") }
        var seen: Set<String> = []
        for column in columns {
            guard seen.insert(column.name).inserted else { throw fail(column.name, "the column is profiled twice") }
            guard schema.columns.contains(where: { $0.name == column.name }) else { throw fail(column.name, "the column is not in the profile's schema") }
            guard (0...Self.maximumRows).contains(column.missingCount) else { throw fail(column.name, "missing count \(column.missingCount) is outside 0…\(Self.maximumRows)") }
            switch column {
            case .numeric(let numeric):
                guard numeric.binCounts.count == numeric.binEdges.count + 1, numeric.binCounts.count <= Self.maximumBins + 1 else {
                    throw fail(column.name, "\(numeric.binCounts.count) bin counts do not fit \(numeric.binEdges.count) inner edges")
                }
                guard numeric.binCounts.allSatisfy({ (0...Self.maximumRows).contains($0) }), numeric.binCounts.reduce(0, +) <= Self.maximumRows else {
                    throw fail(column.name, "bin counts must be between 0 and \(Self.maximumRows) and add up to at most as much")
                }
                guard numeric.binEdges.allSatisfy(\.isFinite), zip(numeric.binEdges, numeric.binEdges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw fail(column.name, "bin edges must be finite and ascending")
                }
                guard numeric.standardDeviation.isFinite, numeric.standardDeviation >= 0 else { throw fail(column.name, "the standard deviation must be finite and not negative") }
            case .categorical(let categorical):
                guard categorical.categories.count == categorical.counts.count else {
                    throw fail(column.name, "\(categorical.categories.count) categories but \(categorical.counts.count) counts")
                }
                guard Set(categorical.categories).count == categorical.categories.count else { throw fail(column.name, "a category is listed twice") }
                guard categorical.counts.allSatisfy({ (0...Self.maximumRows).contains($0) }), categorical.counts.reduce(0, +) <= Self.maximumRows else {
                    throw fail(column.name, "category counts must be between 0 and \(Self.maximumRows) and add up to at most as much")
                }
            case .vector(let vector):
                guard schema.column(named: vector.name)?.kind == .vector else { throw fail(column.name, "a vector profile for a column the schema does not call vector") }
                guard (0...Self.maximumRows).contains(vector.presentCount) else { throw fail(column.name, "present count \(vector.presentCount) is outside 0…\(Self.maximumRows)") }
                guard (0...VectorProfile.maximumDimensions).contains(vector.dimensions),
                      vector.dimensions == 0 ? vector.sample.isEmpty : vector.sample.count % vector.dimensions == 0,
                      vector.dimensions == 0 || vector.sample.count / vector.dimensions <= min(vector.presentCount, VectorProfile.maximumSampleRows) else {
                    throw fail(column.name, "the sample must be whole vectors of 0…\(VectorProfile.maximumDimensions) numbers, no more than the present ones")
                }
                guard vector.sample.allSatisfy(\.isFinite) else { throw fail(column.name, "the sample holds a number that is not finite") }
            }
        }
        try multivariate?.validate(schema: schema, source: source)
    }
}

extension MultivariateProfile {
    /// A hostile file's multivariate part: every array's length agrees with the columns, every
    /// number is finite, and the kinds are the schema's.
    func validate(schema: Schema, source: String) throws {
        func fail(_ column: String?, _ message: String) -> DataError { DataError(file: source, column: column, "multivariate: " + message) }
        let width = columns.count
        guard width > 0, reconstruction.encodings.count == width, reconstruction.means.count == width, reconstruction.scales.count == width,
              reconstruction.centre.count == width, sample.count == width else {
            throw fail(nil, "its PCA, sample and \(width) columns do not agree in width")
        }
        guard (1...width).contains(reconstruction.components.count), reconstruction.components.allSatisfy({ $0.count == width && $0.allSatisfy(\.isFinite) }) else {
            throw fail(nil, "the PCA needs 1…\(width) components of \(width) finite numbers")
        }
        guard (reconstruction.means + reconstruction.centre).allSatisfy(\.isFinite), reconstruction.scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw fail(nil, "the PCA's means, scales and centre must be finite, the scales positive")
        }
        guard referenceErrors.count <= Self.errorLimit, referenceErrors.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw fail(nil, "at most \(Self.errorLimit) reference errors, each finite and not negative")
        }
        let rows = sample.first?.count ?? 0
        guard rows <= Self.maximumSampleRows, sample.allSatisfy({ $0.count == rows }) else {
            throw fail(nil, "the sample's columns must have the same number of rows, at most \(Self.maximumSampleRows)")
        }
        guard sample.allSatisfy(\.isWellFormed) else { throw fail(nil, "a sample category code names no category") }
        guard Set(columns).count == width else { throw fail(nil, "a column is listed twice") }
        for (index, name) in columns.enumerated() {
            guard let spec = schema.column(named: name) ?? Self.vectorColumn(of: name, in: schema), spec.role == .feature else {
                throw fail(name, "not a feature column of the profile's schema")
            }
            switch (spec.kind == .vector ? .numeric : spec.kind, reconstruction.encodings[index], sample[index]) {
            case (.numeric, .numeric(let fill), .numeric):
                guard fill.isFinite else { throw fail(name, "the fill value is not finite") }
            case (.categorical, .categorical(_, let shares), .categorical):
                guard shares.values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) else { throw fail(name, "category shares must be between 0 and 1") }
            default:
                throw fail(name, "its encoding or sample is not of the schema's kind (\(spec.kind.rawValue))")
            }
        }
    }
}

extension MultivariateProfile {
    /// The vector column a part named `name[i]` comes from, when the schema has one.
    static func vectorColumn(of part: String, in schema: Schema) -> ColumnSchema? {
        guard part.hasSuffix("]"), let open = part.lastIndex(of: "["), Int(part[part.index(after: open)..<part.index(before: part.endIndex)]) != nil,
              let spec = schema.column(named: String(part[..<open])), spec.kind == .vector else { return nil }
        return spec
    }
}
