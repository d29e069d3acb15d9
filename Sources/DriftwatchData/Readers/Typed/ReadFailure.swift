/// A problem found while reading one chunk of a file; its line counts from the chunk's first
/// line until the chunks before it are known, then it becomes a ``DataError``.
struct ReadFailure: Error {
    var line: Int
    var column: String?
    var message: String

    func located(source: String, firstLine: Int) -> DataError {
        DataError(file: source, line: firstLine + line, column: column, message)
    }
}
