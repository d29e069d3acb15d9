/// What reading one chunk of a file produced: its columns (each as long as the chunk's rows),
/// how many lines it spans, and the first problem met, if any.
struct ChunkOutput {
    var builders: [ColumnBuilder] = []
    var rows = 0
    var lines = 0
    var failure: ReadFailure?
    /// Every key met, in order of first appearance (JSON Lines: a column exists when some line has it).
    var keys: [String] = []
}
