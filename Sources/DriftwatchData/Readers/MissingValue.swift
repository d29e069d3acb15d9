/// Text that stands for a missing value in any input format.
public enum MissingValue {
    public static let tokens: Set<String> = ["", "NA", "N/A", "NaN", "nan", "null", "NULL"]

    /// Whether the text is one of ``tokens``.
    @inline(__always)
    public static func isMissing(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isMissing($0) }
    }

    /// Whether the bytes spell one of ``tokens`` (compared by length first, without making a string).
    @inline(__always)
    public static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch bytes.count {
        case 0: return true
        case 2: return bytes[0] == 0x4E && bytes[1] == 0x41 // NA
        case 3:
            let (a, b, c) = (bytes[0], bytes[1], bytes[2])
            return (a == 0x4E && b == 0x2F && c == 0x41) // N/A
                || (a == 0x4E && b == 0x61 && c == 0x4E) // NaN
                || (a == 0x6E && b == 0x61 && c == 0x6E) // nan
        case 4:
            let (a, b, c, d) = (bytes[0], bytes[1], bytes[2], bytes[3])
            return (a == 0x6E && b == 0x75 && c == 0x6C && d == 0x6C) // null
                || (a == 0x4E && b == 0x55 && c == 0x4C && d == 0x4C) // NULL
        default: return false
        }
    }
}
