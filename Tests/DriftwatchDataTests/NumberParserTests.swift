import Foundation
import Testing
@testable import DriftwatchData

@Suite struct NumberParserTests {
    /// Every accepted text converts to exactly the double the C library's strtod gives.
    @Test func agreesWithStrtodToTheBit() {
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = ["0", "-0", "+7", "007", "1.", ".5", "-.25", "1e5", "1E-5", "2.5e+300", "4.9e-324",
                               "123456789012345678901234567890", "0.1", "0.30000000000000004", "9007199254740993",
                               "  42 ", "1.7976931348623157e308"]
        for _ in 0..<20_000 {
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            guard value.isFinite else { continue }
            texts.append(String(value))
            texts.append(String(format: "%.6f", Double.random(in: -1e6...1e6, using: &generator)))
            texts.append(String(format: "%.3e", value))
            texts.append(String(Int.random(in: -1_000_000...1_000_000, using: &generator)))
        }
        for text in texts {
            let expected = strtod(text, nil)
            let parsed = NumberParser.parse(text)
            #expect(parsed?.bitPattern == expected.bitPattern, "\(text): \(String(describing: parsed)) vs strtod \(expected)")
            // The readers' short path, where it takes the whole text, agrees too.
            var bytes = Array(text.utf8)
            let plain: Double? = bytes.withUnsafeMutableBufferPointer { buffer in
                var stop = 0
                let value = NumberParser.scanPlain(buffer.baseAddress!, from: 0, to: buffer.count, stop: &stop)
                return stop == buffer.count ? value : nil
            }
            if let plain { #expect(plain.bitPattern == expected.bitPattern, "\(text): short path \(plain) vs strtod \(expected)") }
        }
    }

    @Test func refusesWhatIsNotADecimalNumber() {
        for text in ["", " ", ".", "-", "e5", "1e", "1e+", "0x1p3", "inf", "-Infinity", "nan", "1,000", "12 kg", "1.2.3", "--1", "1 2"] {
            #expect(NumberParser.parse(text) == nil, "\(text) must not parse")
        }
    }
}
