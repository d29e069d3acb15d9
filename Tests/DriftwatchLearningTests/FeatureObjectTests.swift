import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchLearning

@Suite struct FeatureObjectTests {
    @Test func eachFormGivesTheOther() throws {
        let text = FeatureObject(json: #"{"zone": "a\"b", "x": 1.5, "ok": false, "gone": null}"#)
        let values: [String: FeatureInput] = ["zone": .text("a\"b"), "x": .number(1.5), "ok": .text("false"), "gone": .missing]
        #expect(try text.values() == values)
        // Text goes out as it came; values with their keys in order.
        #expect(text.json == #"{"zone": "a\"b", "x": 1.5, "ok": false, "gone": null}"#)
        #expect(FeatureObject(values).json == #"{"gone":null,"ok":"false","x":1.5,"zone":"a\"b"}"#)
        #expect(text == FeatureObject(values))
        let decoded = try JSONDecoder().decode(FeatureObject.self, from: Data(text.json.utf8))
        #expect(decoded == text)
        #expect(try decoded.values() == values)
    }

    @Test func anArrayOfNumbersIsAVector() throws {
        #expect(try FeatureObject(json: #"{"x": [1, 2.5e-1]}"#).values() == ["x": .vector([1, 0.25])])
        #expect(FeatureObject(["x": .vector([1, 0.25])]).json == #"{"x":[1.0,0.25]}"#)
    }

    @Test func textThatIsNotAFlatObjectIsRefusedWhenRead() {
        #expect(throws: FlatJSONObject.ParseError.self) { try FeatureObject(json: #"{"x": {"y": 2}}"#).values() }
        #expect(throws: FlatJSONObject.ParseError.self) { try FeatureObject(json: #"{"x": [1, "two"]}"#).values() }
        #expect(throws: FlatJSONObject.ParseError.self) { try FeatureObject(json: #"{"x": []}"#).values() }
        #expect(throws: FlatJSONObject.ParseError.self) { try FeatureObject(json: #"{"x": 1e999}"#).values() }
        #expect(FeatureObject(json: "[1]") != FeatureObject(json: "[2]"))
    }
}
