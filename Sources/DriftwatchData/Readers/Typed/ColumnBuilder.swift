/// Collects one column's values as a chunk of a file is read: numbers into `Double`s (NaN for
/// missing), labels into codes of a ``ByteInterner``. A column whose kind is inferred starts
/// numeric and turns categorical at its first value that is not a number.
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

    init(name: String, declared: ColumnKind?, capacity: Int = 0) {
        self.name = name
        self.declared = declared
        isCategorical = declared == .categorical
        if isCategorical { codes.reserveCapacity(capacity) } else { values.reserveCapacity(capacity) }
    }

    var count: Int { isCategorical ? codes.count : values.count }

    /// Whether a number may be read straight into this column (it is not categorical).
    var takesNumbers: Bool { !isCategorical }

    /// Whether this chunk's column holds numbers that a categorical reading would need as text.
    var hasNumbers: Bool { !isCategorical && presentNumbers > 0 }

    @inline(__always)
    mutating func appendMissing() {
        if isCategorical {
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
