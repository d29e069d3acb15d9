import Testing
import Yams
@testable import DriftwatchData

@Suite struct ConfigurationSectionTests {
    enum Mode: String { case shadow, canary }

    func section(_ yaml: String) throws -> ConfigurationSection {
        let root = try #require(try Yams.compose(yaml: yaml))
        return try #require(try ConfigurationSection(root, path: "loop", known: ["rate", "rows", "on", "mode", "trigger"], source: "a.yaml").section("trigger", known: ["rate", "rows", "on", "mode"]))
    }

    /// libyaml's reports quote the source over several lines; a person gets one line with the place.
    @Test func yamlSyntaxErrorsAreOneLineWithLineAndColumn() {
        let cases = [
            ("model: rides\nloop: {training: t.yaml, holdout: 0.3\n", "line 3, column 1: did not find expected ',' or '}' (while parsing a flow mapping started at line 2, column 7)"),
            ("a: *missing\n", "line 1, column 4: found undefined alias"),
            ("a: [" + String(repeating: "[", count: 5000) + "\n", "Maximum nesting level reached"),
        ]
        for (yaml, expected) in cases {
            do {
                _ = try ConfigurationFile.compose(yaml: yaml, source: "agent.yaml")
                Issue.record("\(yaml.prefix(40)) was read")
            } catch {
                let message = "\(error)"
                #expect(message.hasPrefix("agent.yaml: not valid YAML: ") && message.contains(expected), "\(message)")
                #expect(!message.contains("\n") && message.count <= 400, "\(message)")
            }
        }
    }

    @Test func valuesAreReadAndRefusedWithTheirPathAndLine() throws {
        let trigger = try section("""
            trigger:
              rate: 0.5
              rows: 7
              on: true
              mode: canary
            """)
        #expect(try trigger.number("rate", "must be a share", { $0 > 0 && $0 < 1 }) == 0.5)
        #expect(try trigger.whole("rows", minimum: 2) == 7)
        #expect(try trigger.flag("on") == true)
        #expect(try trigger.choice("mode", "must be shadow or canary") == Mode.canary)
        #expect(try trigger.number("absent", "must be a share", { _ in true }) == nil)

        let bad = try section("""
            trigger:
              rate: .inf
              rows: 1
              on: maybe
              mode: blue
            """)
        #expect(throws: DataError(file: "a.yaml", line: 2, "loop.trigger.rate must be a share")) { try bad.number("rate", "must be a share", { _ in true }) }
        #expect(throws: DataError(file: "a.yaml", line: 3, "loop.trigger.rows must be a whole number ≥ 2")) { try bad.whole("rows", minimum: 2) }
        #expect(throws: DataError(file: "a.yaml", line: 3, "loop.trigger.rows must be a whole number from 2 to 5")) { try bad.whole("rows", minimum: 2, maximum: 5) }
        #expect(throws: DataError(file: "a.yaml", line: 4, "loop.trigger.on must be true or false")) { try bad.flag("on") }
        #expect(throws: DataError(file: "a.yaml", line: 5, "loop.trigger.mode must be shadow or canary, not 'blue'")) { let _: Mode? = try bad.choice("mode", "must be shadow or canary") }
    }

    @Test func unknownKeysAndOtherShapesAreRefused() throws {
        #expect(throws: DataError(file: "a.yaml", line: 3, "unknown key 'loop.trigger.rte' (known: rate, rows, on, mode)")) {
            try section("trigger:\n  rate: 0.5\n  rte: 0.5\n")
        }
        #expect(throws: DataError(file: "a.yaml", line: 1, "loop.trigger is a mapping (rate, rows, on, mode)")) {
            try section("trigger: [1, 2]\n")
        }
    }
}
