/// A vector written as text: a JSON array of finite numbers, `[0.12, -3.4e-2, 7]`, white space
/// allowed around the brackets, the commas and the numbers. What JSON Lines values, CSV cells,
/// ingested records and the state file hold for a `vector` column.
public enum VectorText {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The numbers of the array that is the whole of `bytes`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Problem) -> [Double] {
        var position = 0
        func skipSpace() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A || bytes[position] == 0x0D { position += 1 }
        }
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else {
            throw Problem(description: "'\(excerpt(bytes))' is not a vector (a JSON array of numbers, such as [0.5, 1.25])")
        }
        position += 1
        var numbers: [Double] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            throw Problem(description: "an empty vector")
        }
        while true {
            skipSpace()
            guard let base = bytes.baseAddress, position < bytes.count,
                  let (value, end) = NumberParser.scan(base, from: position, to: bytes.count) else {
                throw Problem(description: "element \(numbers.count + 1) of '\(excerpt(bytes))' is not a number")
            }
            guard value.isFinite else { throw Problem(description: "element \(numbers.count + 1) of '\(excerpt(bytes))' is not a finite number") }
            numbers.append(value)
            position = end
            skipSpace()
            guard position < bytes.count else { throw Problem(description: "'\(excerpt(bytes))' has no closing ']'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == UInt8(ascii: "]") else {
                throw Problem(description: "expected ',' or ']' after element \(numbers.count) of '\(excerpt(bytes))'")
            }
            position += 1
            break
        }
        skipSpace()
        guard position == bytes.count else { throw Problem(description: "unexpected text after the vector '\(excerpt(bytes))'") }
        return numbers
    }

    public static func parse(_ text: String) throws(Problem) -> [Double] {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(Problem) in try parse(bytes) } }
        return try result.get()
    }

    /// The vector as JSON text, each number in the shortest form that reads back exactly.
    public static func format(_ numbers: some Collection<Double>) -> String {
        "[" + numbers.map(JSONText.number).joined(separator: ",") + "]"
    }

    private static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return bytes.count > 40 ? text + "…" : text
    }
}
