import Foundation

/// A CSV file cut into segments of about a given size at record boundaries, each knowing the
/// file line it starts on, so that a large file can be processed a few megabytes at a time (and
/// segments on several cores) with every problem still reported at its true line.
public struct CSVSegment: Sendable, Equatable {
    /// The segment's bytes in the file.
    public var range: Range<Int>
    /// The file line of its first record.
    public var firstLine: Int
    /// No quotes and no blank lines: its records are its lines, one after another.
    public var plain: Bool

    /// The header's bytes (with its line end) followed by this segment's: a CSV text of its own.
    public func text(of file: Data, header: Range<Int>) -> Data {
        var text = Data(capacity: header.count + range.count)
        text.append(file[header])
        text.append(file[range])
        return text
    }

    /// Every record of the segment with its file line, as ``RecordStream`` reads CSV; a problem
    /// is reported at its line in the file.
    public func forEachRecord(_ file: Data, header: Range<Int>, source: String, _ body: (RecordStream.Record, Int) throws -> Void) throws {
        // In the segment's own text the header is line 1 and the segment starts on line 2.
        let shift = firstLine - 2
        do {
            try RecordStream.csv(text(of: file, header: header), source: source) { record, line in
                do {
                    try body(record, line + shift)
                } catch {
                    throw Passed(error: error)  // the body's errors already name file lines
                }
            }
        } catch let passed as Passed {
            throw passed.error
        } catch var error as DataError where error.file == source {
            error.line = error.line.map { $0 + shift }
            throw error
        }
    }

    private struct Passed: Error {
        var error: any Error
    }

    /// Cuts the body of `file` (after its header) into segments of about `bytes` bytes; the
    /// header's range and the segments, in file order.
    public static func cut(_ file: Data, source: String, bytes: Int) throws -> (header: Range<Int>, segments: [CSVSegment]) {
        try file.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress, raw.count > 0 else { throw DataError(file: source, "is empty: the header is missing") }
            let end = raw.count
            let bom = end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
            // The header ends at the first line feed outside quotes.
            var position = bom, inQuotes = false
            while position < end && (base[position] != CSVSyntax.lf || inQuotes) {
                if base[position] == CSVSyntax.quote { inQuotes.toggle() }
                position += 1
            }
            let headerEnd = min(end, position + 1)
            let header = bom..<headerEnd
            let headerLines = 1 + (bom..<min(position, end)).reduce(0) { $0 + (base[$1] == CSVSyntax.lf ? 1 : 0) }
            let bounds = CSVChunks.boundaries(base, from: headerEnd, to: end, count: max(1, (end - headerEnd) / max(1, bytes)))
            let ranges = zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
            // Each segment's line feeds, and whether it is plain, counted on every core.
            let counts = ChunkedRead.parallel(max(1, ranges.count)) { index -> (lines: Int, plain: Bool) in
                guard index < ranges.count else { return (0, true) }
                // A blank line (LF LF, or LF CR LF) is skipped by the readers: not plain either.
                var lines = 0, plain = true, previous: UInt8 = CSVSyntax.lf, beforePrevious: UInt8 = CSVSyntax.lf
                for offset in ranges[index] {
                    let byte = base[offset]
                    if byte == CSVSyntax.lf {
                        lines += 1
                        if previous == CSVSyntax.lf || (previous == CSVSyntax.cr && beforePrevious == CSVSyntax.lf) { plain = false }
                    } else if byte == CSVSyntax.quote {
                        plain = false
                    }
                    beforePrevious = previous
                    previous = byte
                }
                return (lines, plain)
            }
            var line = headerLines + 1
            var segments: [CSVSegment] = []
            for (index, range) in ranges.enumerated() {
                segments.append(CSVSegment(range: range, firstLine: line, plain: counts[index].plain))
                line += counts[index].lines
            }
            return (header, segments)
        }
    }
}
