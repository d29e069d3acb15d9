import Foundation
import Testing
@testable import DriftwatchData

@Suite struct SHA256Tests {
    /// Digests computed by Python's hashlib (an independent implementation) for inputs that cross
    /// the 55/56/64-byte padding boundaries.
    @Test func matchesHashlib() {
        let expected: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            ("driftwatch model artifact", "b9d7a4232456650777bdc147e5f344ff40a69a29946db03b9b2dc93e34d4ae44"),
            (String(repeating: "x", count: 1000), "44f8354494a5ba03ba1792a8d3e9c534c47a9181980fde7a3f44b06ef2ae7c7f"),
        ]
        for (text, digest) in expected {
            #expect(SHA256.hex(Array(text.utf8)) == digest, "\(text.count) bytes")
        }
    }
}
