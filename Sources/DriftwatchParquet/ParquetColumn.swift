/// A leaf column of a flat Parquet schema and how its stored values read as Driftwatch values.
public struct ParquetColumn: Sendable, Equatable {
    /// Physical types (parquet-format `Type`).
    public enum PhysicalType: Int32, Sendable {
        case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLengthByteArray = 7
    }

    /// What the values become.
    public enum Reading: Sendable, Equatable {
        /// Numbers: integers and floats as they are, decimals scaled, timestamps in seconds
        /// since the Unix epoch, dates in days since it. The stored value is divided by `divisor`.
        case number(divisor: Double, unsigned: Bool)
        /// Labels: strings, and booleans as "false"/"true".
        case label
    }

    public var name: String
    public var physicalType: PhysicalType
    public var isOptional: Bool
    public var reading: Reading
    /// Bytes per value of a FIXED_LEN_BYTE_ARRAY column (decimals).
    var typeLength: Int
    /// Index of the column chunk in each row group.
    var leafIndex: Int
    /// For a list of numbers per row (a LIST of a float or integer leaf), how its levels read.
    public var list: ListLevels?

    /// The levels of a LIST column (parquet-format LogicalTypes.md, "Lists"): repetition level 0
    /// starts a row; a definition level of `maxDefinition` is a present element, one below it a
    /// null element when elements are optional, and anything lower a null or empty list.
    public struct ListLevels: Sendable, Equatable {
        public var maxDefinition: Int
        public var elementOptional: Bool
    }
}
