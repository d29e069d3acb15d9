/// A Parquet file Driftwatch cannot read: corrupt, truncated, or using a feature outside the
/// flat tables it supports. The message names what and where (column, row group, byte offset)
/// and reads after the file's path, which the caller adds.
public struct ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
