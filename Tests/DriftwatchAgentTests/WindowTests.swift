import DriftwatchData
import DriftwatchLearning
import Testing
@testable import DriftwatchAgent

func observed(_ id: Int, at time: Double = 0, value: Double? = nil) -> ObservedRow {
    ObservedRow(id: "r\(id)", values: ["x": .number(value ?? Double(id))], receivedAt: time)
}

@Suite struct RowSamplerTests {
    @Test func keepsTheRequestedShareDeterministically() {
        var sampler = RowSampler(rate: 0.1)
        let ids = (0..<100_000).map { "prediction-\($0)" }
        let kept = ids.filter { sampler.keeps(id: $0) }
        // Binomial(100000, 0.1): standard deviation ≈ 95, so ±600 is over six of them.
        #expect(abs(kept.count - 10_000) < 600)
        // The same id always gets the same answer, in any sampler with the same rate.
        var other = RowSampler(rate: 0.1)
        var again: [String] = []
        for id in ids.prefix(1000) where other.keeps(id: id) { again.append(id) }
        #expect(again == kept.filter { ids.prefix(1000).contains($0) })
        var all = RowSampler(rate: 1)
        var keptAll = 0
        for id in ids.prefix(100) where all.keeps(id: id) { keptAll += 1 }
        #expect(keptAll == 100)
        var anonymous = RowSampler(rate: 0.25)
        let anonymousKept = (0..<40_000).filter { _ in anonymous.keeps(id: nil) }.count
        #expect(abs(anonymousKept - 10_000) < 520)
    }
}

let xSchema = Schema(columns: [ColumnSchema(name: "x", kind: .numeric)])

@Suite struct SlidingWindowTests {
    @Test func rowWindowKeepsTheLastRows() {
        var window = SlidingWindow(policy: .rows(5), schema: xSchema)
        window.append((0..<3).map { observed($0) }, now: 0)
        window.append((3..<9).map { observed($0) }, now: 1)
        #expect(window.rows.map(\.id) == ["r4", "r5", "r6", "r7", "r8"])
        let labelled = window.label(id: "r6", actual: .number(1.5))
        let expired = window.label(id: "r0", actual: .number(1))
        #expect(labelled && !expired)
        #expect(window.rows[2].actual == .number(1.5))
    }

    @Test func timeWindowExpiresAndSamplesUniformlyWhenFull() {
        var window = SlidingWindow(policy: .time(seconds: 60, maxRows: 1000), schema: xSchema, seed: 3)
        window.append((0..<10).map { observed($0, at: 0) }, now: 0)
        window.append((10..<20).map { observed($0, at: 100) }, now: 100)
        #expect(window.rows.map(\.id) == (10..<20).map { "r\($0)" })
        // 10,000 rows into a 1,000-row reservoir: every arrival should be kept with probability ~0.1,
        // so the kept rows' mean position is near the middle of the stream.
        var full = SlidingWindow(policy: .time(seconds: 60, maxRows: 1000), schema: xSchema, seed: 5)
        full.append((0..<10_000).map { observed($0, at: 0) }, now: 0)
        #expect(full.count == 1000)
        #expect(full.sampledOut == 9000)
        var positions = 0.0
        for row in full.rows { if case .number(let value)? = row.values["x"] { positions += value } }
        let meanPosition = positions / 1000
        // Uniform over 0..<10000 has mean 4999.5 and the mean of 1000 draws a standard error of ~91.
        #expect(abs(meanPosition - 4999.5) < 400)
    }
}

@Suite struct WindowContentsTests {
    let schema = Schema(columns: [ColumnSchema(name: "x", kind: .numeric), ColumnSchema(name: "zone", kind: .categorical)])

    @Test func typesRowsByTheSchemaAndCountsViolations() {
        let rows = [
            ObservedRow(id: "1", values: ["x": .number(1.5), "zone": .text("a")], receivedAt: 0),
            ObservedRow(id: "2", values: ["x": .text("2.5"), "zone": .number(7)], receivedAt: 0),
            ObservedRow(id: "3", values: ["x": .text("fast"), "extra": .number(1)], receivedAt: 0),
            ObservedRow(id: "4", values: ["x": .missing, "zone": .text("NA")], receivedAt: 0),
        ]
        var window = SlidingWindow(policy: .rows(10), schema: schema)
        window.append(rows, now: 0)
        let contents = window.contents()
        let batch = contents.batch()
        guard case .numeric(let x)? = batch.column(named: "x"), case .categorical(let zone)? = batch.column(named: "zone") else {
            Issue.record("wrong column kinds")
            return
        }
        #expect(x.values.prefix(2).elementsEqual([1.5, 2.5]))
        #expect(x.missingCount == 2)
        #expect(zone.categories == ["a", "7"])
        #expect(zone.missingCount == 2)
        #expect(contents.violations.wrongType == ["x": 1])
        #expect(contents.violations.unknownColumns == ["extra": 1])
    }

    @Test func categoriesOfRowsThatLeftAreNotReported() {
        var window = SlidingWindow(policy: .rows(3), schema: schema)
        window.append((0..<10).map { ObservedRow(id: "\($0)", values: ["x": .number(1), "zone": .text("z\($0)")], receivedAt: 0) }, now: 0)
        guard case .categorical(let zone)? = window.contents().batch().column(named: "zone") else {
            Issue.record("zone is not categorical")
            return
        }
        #expect(Set(zone.categories) == ["z7", "z8", "z9"])
        #expect(zone.codes.count == 3)
        // A stream of one-off categories far beyond the window keeps the vocabulary bounded.
        var busy = SlidingWindow(policy: .rows(10), schema: schema)
        for round in 0..<50 {
            busy.append((0..<100).map { ObservedRow(id: nil, values: ["zone": .text("u\(round)-\($0)")], receivedAt: 0) }, now: 0)
            _ = busy.contents()
        }
        #expect(busy.vocabularies[0].names.count <= 2 * 10 + 1024)
    }

    @Test func aTimeWindowEvaluatesOnlyRowsStillInIt() {
        var window = SlidingWindow(policy: .time(seconds: 10, maxRows: 100), schema: schema)
        window.append((0..<5).map { ObservedRow(id: "old\($0)", values: ["x": .number(100), "zone": .text("old")], receivedAt: 0) }, now: 0)
        window.append((0..<3).map { ObservedRow(id: "new\($0)", values: ["x": .number(1), "zone": .text("new")], receivedAt: 20) }, now: 20)
        let batch = window.contents().batch()
        guard case .numeric(let x)? = batch.column(named: "x"), case .categorical(let zone)? = batch.column(named: "zone") else {
            Issue.record("wrong column kinds")
            return
        }
        #expect(batch.rowCount == 3 && x.values == [1, 1, 1])
        #expect(zone.categories == ["new"])
    }
}

@Suite struct WindowChangesTests {
    @Test func savesOnlyWhatChangedAndARestoreRebuildsTheSameRows() throws {
        var window = SlidingWindow(policy: .rows(4), schema: xSchema)
        window.append((0..<3).map { observed($0) }, now: 0)
        let first = window.takeChanges()
        #expect(first.replaceAll && first.written.count == 3)
        window.append((3..<6).map { observed($0) }, now: 1)
        window.label(id: "r3", actual: .number(9))
        let second = window.takeChanges()
        #expect(!second.replaceAll)
        // r3, r4, r5 written; r0 and r1 left the 4-row window.
        #expect(Set(second.written.map(\.sequence)) == [3, 4, 5])
        #expect(second.removed.sorted() == [0, 1])
        #expect(window.takeChanges().written.isEmpty)
        var restored = SlidingWindow(policy: .rows(4), schema: xSchema)
        restored.restore(window.rows)
        #expect(restored.rows == window.rows)
        #expect(restored.rows.first { $0.id == "r3" }?.actual == .number(9))
    }

    /// A saved record, written from the columns, reads back as the row the window holds: quotes
    /// and control characters in names and values, a missing value, an id and a label.
    @Test func savedRecordsReadBackAsTheWindowsRows() throws {
        let schema = Schema(columns: [ColumnSchema(name: "size \"cm\"", kind: .numeric), ColumnSchema(name: "zone", kind: .categorical),
                                      ColumnSchema(name: "y", kind: .numeric, role: .target)])
        var window = SlidingWindow(policy: .rows(10), schema: schema)
        window.append([ObservedRow(id: "a\"1", values: ["size \"cm\"": .number(-1.5e-300), "zone": .text("north\n\\east")], receivedAt: 5),
                       ObservedRow(id: nil, values: ["zone": .text("ü")], receivedAt: 6),
                       ObservedRow(id: "7", values: ["size \"cm\"": .number(0.1)], actual: .number(3), receivedAt: 7)], now: 7)
        window.label(id: "a\"1", actual: .text("late"))
        let saved = window.takeChanges().written.sorted { $0.sequence < $1.sequence }
        let read = try saved.map { row in
            var record = row.record
            return try #require(ObservedRow(try record.withUTF8 { try FlatJSONObject.parse($0) }, receivedAt: row.receivedAt))
        }
        #expect(read == window.rows)
        #expect(read.map(\.actual) == [.text("late"), nil, .number(3)])
    }
}
