import Foundation

/// Cuts the body of a CSV file into chunks that start at record boundaries, so that they can be
/// read in parallel. In RFC 4180 CSV a quote character only opens, closes or doubles inside a
/// quoted field, so a position is inside quotes exactly when an odd number of quotes precede
/// it: the quotes of each span are counted in parallel, and each span's chunk starts after the
/// first line feed outside quotes (the two-pass scheme of Ge et al., "Speculative distributed
/// CSV data parsing for big data analytics", SIGMOD 2019, without the speculation).
enum CSVChunks {
    static func boundaries(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, count: Int) -> [Int] {
        guard count > 1, end - start > count else { return [start, end] }
        let span = (end - start) / count
        let spanStarts = (0..<count).map { start + $0 * span }
        let quotes = ChunkedRead.parallel(count) { index -> Int in
            let from = spanStarts[index], to = index + 1 < count ? spanStarts[index + 1] : end
            // memchr skips the (usually long) stretches without quotes.
            var quotes = 0
            var position = from
            while position < to, let found = memchr(bytes + position, Int32(CSVSyntax.quote), to - position) {
                quotes += 1
                position = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - bytes + 1
            }
            return quotes
        }
        var result = [start]
        var quotesBefore = 0
        for index in 1..<count {
            quotesBefore += quotes[index - 1]
            var inQuotes = quotesBefore % 2 == 1
            var position = max(spanStarts[index], result.last!)
            while position < end {
                let byte = bytes[position]
                if byte == CSVSyntax.quote {
                    inQuotes.toggle()
                } else if byte == CSVSyntax.lf && !inQuotes {
                    break
                }
                position += 1
            }
            if position + 1 < end && position + 1 > result.last! { result.append(position + 1) }
        }
        result.append(end)
        return result
    }
}
