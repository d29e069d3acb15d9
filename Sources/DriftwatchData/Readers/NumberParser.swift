import Foundation

/// Parses decimal numbers as they appear in CSV and JSON: optional sign, digits with an optional
/// decimal point, optional exponent, surrounding spaces allowed. Anything else — hexadecimal,
/// `inf`, thousands separators, units — is not a number.
///
/// Most data values have at most 15 significant digits and a small exponent; those are converted
/// with one exact multiplication or division by a power of ten, which is correctly rounded
/// (Clinger, "How to read floating point numbers accurately", PLDI 1990). Longer ones go to the C
/// library's `strtod`.
public enum NumberParser {
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    static let exactPowersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The number that is the whole of `bytes`, spaces around it allowed.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        var start = 0, end = bytes.count
        while start < end && base[start] == 0x20 { start += 1 }
        while end > start && base[end - 1] == 0x20 { end -= 1 }
        guard start < end, let (value, stop) = scan(base, from: start, to: end), stop == end else { return nil }
        return value
    }

    /// Reads the number that starts at `start` and stops at the first byte that cannot continue
    /// it; the caller decides whether what follows may follow a number (a delimiter, the end).
    /// Returns nil when no number starts there or its exponent has no digits.
    @inline(__always)
    public static func scan(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (value: Double, end: Int)? {
        var i = start
        var negative = false
        if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digits = 0
        var decimalExponent = 0
        var sawPoint = false
        while i < end {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if mantissa != 0 || byte != 0x30 { significantDigits += 1 }
                if significantDigits <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                    if sawPoint { decimalExponent -= 1 }
                } else if !sawPoint {
                    decimalExponent += 1
                }
            } else if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                exponent = Swift.min(exponent * 10 + Int(bytes[i] &- 0x30), 100_000)
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if significantDigits <= 15 && decimalExponent >= -22 && decimalExponent <= 22 {
            let value = Double(mantissa)
            let scaled = decimalExponent >= 0 ? value * exactPowersOfTen[decimalExponent] : value / exactPowersOfTen[-decimalExponent]
            return (negative ? -scaled : scaled, i)
        }
        return slowPath(bytes + start, count: i - start).map { ($0, i) }
    }

    /// Correctly rounded conversion of an already validated number by the C library.
    private static func slowPath(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for index in 0..<count { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
