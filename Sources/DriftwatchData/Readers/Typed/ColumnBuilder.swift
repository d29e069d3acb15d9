/// Collects one column's values as a chunk of a file is read: numbers into `Double`s (NaN for
/// missing), labels into codes of a ``ByteInterner``, vectors into one flat array. A column whose
/// kind is inferred starts numeric and turns categorical at its first value that is not a number,
/// or vector at a JSON array when it has no value yet.
struct ColumnBuilder {
    let name: String
    /// The kind asked for; nil when it is inferred.
    let declared: ColumnKind?
    private(set) var isCategorical: Bool
    private(set) var values: [Double] = []
    private(set) var codes: [Int32] = []
    private(set) var interner = ByteInterner()
    /// Whether numbers were appended before the column turned categorical; their text is gone,
    /// so the chunk is read again with the column declared categorical.
    private(set) var lostNumbers = false
    private var presentNumbers = 0
    /// Missing values appended (while numeric).
    private(set) var missingNumbers = 0
    private(set) var isVector: Bool
    /// Present vectors' numbers, flat, and for every row whether it has one.
    private(set) var vectorValues: [Double] = []
    private(set) var vectorPresent: [Bool] = []
    /// Numbers per vector (0 until the first one) and the line it was on, for messages.
    private(set) var vectorDimensions = 0
    private(set) var vectorFirstLine = 0

    init(name: String, declared: ColumnKind?, capacity: Int = 0) {
        self.name = name
        self.declared = declared
        isCategorical = declared == .categorical
        isVector = declared == .vector
        if isVector { vectorPresent.reserveCapacity(capacity) } else if isCategorical { codes.reserveCapacity(capacity) } else { values.reserveCapacity(capacity) }
    }

    var count: Int { isVector ? vectorPresent.count : isCategorical ? codes.count : values.count }

    /// Whether some row has a value.
    var hasValues: Bool {
        isVector ? vectorPresent.contains(true) : isCategorical ? codes.contains { $0 >= 0 } : presentNumbers > 0
    }

    /// Whether a number may be read straight into this column (it is not categorical or vector).
    var takesNumbers: Bool { !isCategorical && !isVector }

    /// Whether this chunk's column holds numbers that a categorical reading would need as text.
    var hasNumbers: Bool { !isCategorical && presentNumbers > 0 }

    @inline(__always)
    mutating func appendMissing() {
        if isVector {
            vectorPresent.append(false)
        } else if isCategorical {
            codes.append(-1)
        } else {
            values.append(.nan)
            missingNumbers += 1
        }
    }

    /// Pads the column with missing values up to `rows` (a JSON key absent from some lines).
    mutating func pad(to rows: Int) {
        while count < rows { appendMissing() }
    }

    /// A finite number read from `text`.
    @inline(__always)
    mutating func appendNumber(_ value: Double, text: UnsafePointer<UInt8>, count: Int, line: Int) {
        if isCategorical {
            codes.append(interner.code(UnsafeBufferPointer(start: text, count: count), line: line))
        } else {
            values.append(value)
            presentNumbers += 1
        }
    }

    /// A label for a column that is categorical already (the common case, kept small so that
    /// it inlines into the readers' loops).
    @inline(__always)
    mutating func appendLabel(_ text: UnsafeBufferPointer<UInt8>, line: Int) {
        codes.append(interner.code(text, line: line))
    }

    /// A present value given as text. `mayBeNumber`: whether, for an inferred kind, text that
    /// reads as a number counts as one (CSV cells: yes; JSON strings: no).
    mutating func appendText(_ text: UnsafeBufferPointer<UInt8>, line: Int, mayBeNumber: Bool) throws {
        if isVector {
            try appendVector(text, line: line)
            return
        }
        if isCategorical {
            codes.append(interner.code(text, line: line))
            return
        }
        if declared == .numeric || mayBeNumber {
            if let number = NumberParser.parse(text) {
                if number.isFinite {
                    values.append(number)
                    presentNumbers += 1
                    return
                }
                if declared == .numeric {
                    throw ReadFailure(line: line, column: name, message: "'\(Self.excerpt(text))' is not a finite number")
                }
            } else if declared == .numeric {
                throw ReadFailure(line: line, column: name, message: "'\(Self.excerpt(text))' is not a number, but the column is numeric")
            }
        }
        becomeCategorical()
        codes.append(interner.code(text, line: line))
    }

    /// A vector given as a JSON array. A column of inferred kind becomes a vector column at its
    /// first array when it has no value yet; arrays and single values never mix in one column.
    mutating func appendVector(_ text: UnsafeBufferPointer<UInt8>, line: Int) throws {
        if !isVector {
            guard declared == nil, presentNumbers == 0, codes.allSatisfy({ $0 < 0 }) else {
                throw ReadFailure(line: line, column: name, message: declared.map { "an array, but the column is \($0.rawValue)" }
                                  ?? "an array after single values; a column holds one or the other")
            }
            vectorPresent = [Bool](repeating: false, count: count)
            values = []
            codes = []
            missingNumbers = 0
            isCategorical = false
            isVector = true
        }
        let numbers: [Double]
        do {
            numbers = try VectorText.parse(text)
        } catch {
            throw ReadFailure(line: line, column: name, message: error.description)
        }
        if vectorDimensions == 0 {
            vectorDimensions = numbers.count
            vectorFirstLine = line
        } else if numbers.count != vectorDimensions {
            throw ReadFailure(line: line, column: name, message: "a vector of \(numbers.count) numbers where the first had \(vectorDimensions)")
        }
        vectorValues.append(contentsOf: numbers)
        vectorPresent.append(true)
    }

    /// The vectors as a column: missing rows become NaN.
    var vectorColumn: VectorColumn {
        guard vectorDimensions > 0 else { return VectorColumn(missingRows: vectorPresent.count) }
        var flat: [Double] = []
        flat.reserveCapacity(vectorPresent.count * vectorDimensions)
        var next = 0
        for present in vectorPresent {
            if present {
                flat.append(contentsOf: vectorValues[next..<next + vectorDimensions])
                next += vectorDimensions
            } else {
                flat.append(contentsOf: repeatElement(.nan, count: vectorDimensions))
            }
        }
        return VectorColumn(dimensions: vectorDimensions, values: flat)
    }

    private mutating func becomeCategorical() {
        lostNumbers = presentNumbers > 0
        codes = [Int32](repeating: -1, count: values.count)
        values = []
        isCategorical = true
    }

    static func excerpt(_ text: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: text.prefix(40), as: UTF8.self)
    }
}
