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
    ///
    /// Digits accumulate into one integer (at most 19 of them fit); when that integer is at most
    /// 2⁵³ and the power of ten at most 22, one correctly rounded multiplication or division
    /// gives the exact answer (Clinger's fast path). Anything else goes to `strtod`.
    @inline(__always)
    public static func scan(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (value: Double, end: Int)? {
        var i = start
        var negative = false
        if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        let integerStart = i
        digitRun(bytes, &i, end, &mantissa)
        var digits = i - integerStart
        var fractionDigits = 0
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            digitRun(bytes, &i, end, &mantissa)
            fractionDigits = i - fractionStart
            digits += fractionDigits
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentStart = i
            while i < end {
                let digit = bytes[i] &- 0x30
                if digit > 9 { break }
                exponent = Swift.min(exponent &* 10 &+ Int(digit), 100_000)
                i += 1
            }
            guard i > exponentStart else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        let decimalExponent = exponent - fractionDigits
        if digits <= 19 && mantissa <= 1 << 53 && decimalExponent >= -22 && decimalExponent <= 22 {
            let value = Double(Int64(bitPattern: mantissa))
            let scaled = decimalExponent >= 0 ? value * powerOfTen(decimalExponent) : value / powerOfTen(-decimalExponent)
            return (negative ? -scaled : scaled, i)
        }
        return slowPath(bytes + start, count: i - start).map { ($0, i) }
    }

    /// The common shape of a data value — an optional minus, at most 15 digits with an optional
    /// decimal point, no exponent — read in one small loop that inlines into the readers; nil for
    /// anything else, which ``scan(_:from:to:)`` then reads.
    @inline(__always)
    public static func scanPlain(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, stop: inout Int) -> Double? {
        var i = start
        let negative = i < end && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = -1
        while i < end {
            let byte = bytes[i]
            let digit = byte &- 0x30
            if digit <= 9 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                if fractionDigits >= 0 { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && fractionDigits < 0 {
                fractionDigits = 0
            } else {
                break
            }
            i += 1
        }
        guard digits > 0, digits <= 15, i == end || (bytes[i] != UInt8(ascii: "e") && bytes[i] != UInt8(ascii: "E")) else { return nil }
        stop = i
        let value = Double(Int64(bitPattern: mantissa))
        let scaled = fractionDigits <= 0 ? value : value / powerOfTen(fractionDigits)
        return negative ? -scaled : scaled
    }

    /// Appends the run of decimal digits at `i` to `mantissa` (wrapping past 19 digits; the
    /// caller counts them) and moves `i` past it. Eight bytes at a time where eight remain: the
    /// bytes that are digits are found and converted in a few word operations (SWAR, as in
    /// Lemire, "Number parsing at a gigabyte per second", Software: Practice and Experience, 2021).
    @inline(__always)
    static func digitRun(_ bytes: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, _ mantissa: inout UInt64) {
        while end - i >= 8 {
            let word = UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self).littleEndian
            let values = word ^ 0x3030_3030_3030_3030
            // A byte's high bit is set when it is not a digit: its value is ≥ 10 (+0x76 carries
            // into the high bit) or ≥ 0x80. A carry only disturbs the bytes after a non-digit.
            let notDigit = ((values &+ 0x7676_7676_7676_7676) | values) & 0x8080_8080_8080_8080
            let count = notDigit == 0 ? 8 : notDigit.trailingZeroBitCount / 8
            if count > 0 {
                // The digits moved to the top of the word, zeros (leading digits) below them.
                var digits = values << UInt64(64 - 8 * count)
                digits = ((digits &* 10) &+ (digits >> 8)) & 0x00FF_00FF_00FF_00FF
                digits = ((digits &* 100) &+ (digits >> 16)) & 0x0000_FFFF_0000_FFFF
                digits = (digits &* 10000) &+ (digits >> 32)
                mantissa = mantissa &* integerPowerOfTen(count) &+ (digits & 0xFFFF_FFFF)
                i += count
            }
            if count < 8 { return }
        }
        while i < end {
            let digit = bytes[i] &- 0x30
            if digit > 9 { return }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            i += 1
        }
    }

    /// 10ⁿ for n in 0...8. Tables rather than `switch`: a jump table's indirect branch
    /// mispredicts as digit counts vary from field to field.
    static let integerPowersOfTen: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    @inline(__always)
    static func integerPowerOfTen(_ n: Int) -> UInt64 { integerPowersOfTen[n] }

    /// 10ⁿ for n in 0...22, all exactly representable.
    static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
                                        1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    @inline(__always)
    static func powerOfTen(_ n: Int) -> Double { powersOfTen[n] }

    /// Correctly rounded conversion of an already validated number by the C library.
    private static func slowPath(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for index in 0..<count { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
