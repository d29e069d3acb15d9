import DriftStatistics
import DriftwatchData
import DriftwatchLearning

/// The recent production rows an evaluation looks at, stored column by column in the schema's
/// types and in bounded memory whatever the traffic.
///
/// - `.rows(n)`: the last `n` rows (a ring of `n` slots).
/// - `.time(seconds, maxRows)`: rows received in the last `seconds`; when more than `maxRows`
///   arrive within that span, a uniform sample of `maxRows` of them is kept (reservoir sampling,
///   Vitter's Algorithm R) and the rows left out are counted.
///
/// Rows are typed as they arrive: an evaluation reads finished columns instead of re-typing every
/// row, and a row costs 8 bytes per numeric and 4 per categorical column (and 8 per number of a
/// vector).
public struct SlidingWindow: Sendable {
    public enum Policy: Sendable, Equatable {
        case rows(Int)
        case time(seconds: Double, maxRows: Int)
    }

    /// Where a schema column's values live: an index into `numbers`, `codes` or `vectors`.
    enum Place: Sendable {
        case numeric(Int)
        case categorical(Int)
        case vector(Int)
    }

    public let policy: Policy
    public let schema: Schema
    let vectorDimensions: [String: Int]
    let capacity: Int
    let places: [Place]
    private let columnIndex: [String: Int]
    /// How a saved row is written.
    private let recordWriter: RowRecordWriter
    private let targetColumn: Int?
    private let predictionColumn: Int?

    // One entry per slot.
    private(set) var ids: [String?] = []
    private(set) var receivedAt: [Double] = []
    private(set) var actual: [FeatureInput?] = []
    private(set) var sequence: [Int64] = []
    private(set) var live: [Bool] = []
    // One array per numeric / categorical column, one entry per slot (NaN or -1 when missing).
    private(set) var numbers: [[Double]]
    private(set) var codes: [[Int32]]
    private(set) var vocabularies: [CategoryVocabulary]
    /// One array per vector column, one entry per slot (nil when missing), and the length every
    /// vector of the column must have (the reference's; else the first one stored).
    private(set) var vectors: [[[Double]?]]
    private var vectorLengths: [Int?]
    /// Schema violations of the rows that have any, by slot.
    private var violations: [Int: [RowViolation]] = [:]
    private var slotByID: [String: Int] = [:]
    private var freeSlots: [Int] = []
    private var nextRingSlot = 0
    private var nextSequence: Int64 = 0

    /// Rows in the window.
    public private(set) var count = 0
    /// Rows that arrived but were left out of a full time window by the reservoir.
    public private(set) var sampledOut = 0
    /// Rows seen since the oldest kept row arrived: the reservoir's denominator.
    private var seenInSpan = 0
    private var generator: SplitMix64
    /// What changed since the last save.
    private var journal = WindowJournal()

    /// `vectorDimensions`: the length of each vector column's vectors in the reference; a row
    /// whose vector has another length breaks the schema.
    public init(policy: Policy, schema: Schema, vectorDimensions: [String: Int] = [:], seed: UInt64 = 1) {
        switch policy {
        case .rows(let n):
            precondition(n > 0)
            capacity = n
        case .time(let seconds, let maxRows):
            precondition(seconds > 0 && maxRows > 0)
            capacity = maxRows
        }
        self.policy = policy
        self.schema = schema
        var places: [Place] = [], numeric = 0, categorical = 0, lengths: [Int?] = []
        for column in schema.columns {
            switch column.kind {
            case .numeric:
                places.append(.numeric(numeric))
                numeric += 1
            case .categorical:
                places.append(.categorical(categorical))
                categorical += 1
            case .vector:
                places.append(.vector(lengths.count))
                lengths.append(vectorDimensions[column.name])
            }
        }
        vectorLengths = lengths
        self.vectorDimensions = vectorDimensions
        vectors = Array(repeating: [], count: lengths.count)
        self.places = places
        recordWriter = RowRecordWriter(columns: schema.columns.map(\.name))
        columnIndex = Dictionary(schema.columns.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        targetColumn = schema.columns.firstIndex { $0.role == .target }
        predictionColumn = schema.columns.firstIndex { $0.role == .prediction }
        numbers = Array(repeating: [], count: numeric)
        codes = Array(repeating: [], count: categorical)
        vocabularies = Array(repeating: CategoryVocabulary(), count: categorical)
        generator = SplitMix64(seed: seed)
    }

    /// Adds rows that arrived at `now` (seconds since 1970).
    public mutating func append(_ incoming: [ObservedRow], now: Double) {
        switch policy {
        case .rows:
            for row in incoming { write(row, into: ringSlot()) }
        case .time(let seconds, _):
            expire(olderThan: now - seconds)
            for row in incoming {
                seenInSpan += 1
                if let slot = freeSlots.popLast() {
                    write(row, into: slot)
                } else if ids.count < capacity {
                    write(row, into: newSlot())
                } else {
                    // Algorithm R: keep the new row with probability capacity / seen, in place of a random kept one.
                    let slot = Int(generator.next() % UInt64(seenInSpan))
                    if slot < capacity {
                        release(slot)
                        write(row, into: slot)
                    }
                    sampledOut += 1
                }
            }
        }
    }

    /// Drops rows received before `cutoff` (time windows only; call before evaluating).
    public mutating func expire(olderThan cutoff: Double) {
        guard case .time = policy else { return }
        let before = count
        for slot in live.indices where live[slot] && receivedAt[slot] < cutoff {
            release(slot)
            freeSlots.append(slot)
        }
        if count < before { seenInSpan = max(count, seenInSpan - (before - count)) }
        if count == 0 { seenInSpan = 0 }
    }

    /// Puts back rows saved before a restart (oldest first), keeping the policy's bound.
    public mutating func restore(_ saved: [ObservedRow]) {
        self = SlidingWindow(policy: policy, schema: schema, vectorDimensions: vectorDimensions, seed: generator.state)
        for row in saved.suffix(capacity) {
            write(row, into: ids.count < capacity ? newSlot() : ringSlot())
        }
        seenInSpan = count
    }

    /// Attaches ground truth to the latest row with this id; false when no row in the window has it.
    @discardableResult
    public mutating func label(id: String, actual truth: FeatureInput) -> Bool {
        guard let slot = slotByID[id], live[slot] else { return false }
        actual[slot] = truth
        fillTarget(from: truth, slot: slot)
        journal.written.insert(slot)
        return true
    }

    /// The prediction of the latest row with this id, and whether its ground truth is known
    /// (nil when no row in the window has the id, or the schema has no numeric prediction column).
    public func prediction(id: String) -> (value: Double, labelled: Bool)? {
        guard let slot = slotByID[id], live[slot], let column = predictionColumn, case .numeric(let index) = places[column] else { return nil }
        let value = numbers[index][slot]
        return value.isNaN ? nil : (value, isLabelled(slot))
    }

    /// The rows in arrival order, rebuilt from the columns (values that broke the schema are gone).
    public var rows: [ObservedRow] {
        let contents = detachedContents()
        return live.indices.filter { live[$0] }.sorted { sequence[$0] < sequence[$1] }.map { row(at: $0, contents: contents) }
    }

    /// The newest rows with ground truth (at most `limit`), oldest first, as a batch typed by the
    /// schema: what a retrain learns from.
    public func labelledRows(limit: Int) -> ColumnarBatch {
        let contents = detachedContents()
        let labelled = live.indices.filter { live[$0] && isLabelled($0) }.sorted { sequence[$0] < sequence[$1] }
        return contents.batch(slots: Array(labelled.suffix(limit)))
    }

    /// Rows with ground truth in the window.
    public var labelledCount: Int {
        live.indices.reduce(0) { $0 + (live[$1] && isLabelled($1) ? 1 : 0) }
    }

    private func isLabelled(_ slot: Int) -> Bool {
        if actual[slot] != nil { return true }
        guard let target = targetColumn else { return false }
        switch places[target] {
        case .numeric(let index): return !numbers[index][slot].isNaN
        case .categorical(let index): return codes[index][slot] >= 0
        case .vector: return false
        }
    }

    /// What an evaluation needs, detached from the window so it can run while rows keep arriving.
    public mutating func contents() -> WindowContents {
        for index in vocabularies.indices where vocabularies[index].names.count > 2 * capacity + 1024 {
            vocabularies[index].compact(&codes[index])
        }
        return detachedContents()
    }

    private func detachedContents() -> WindowContents {
        var found = SchemaViolations()
        for list in violations.values { for violation in list { found.add(violation) } }
        return WindowContents(schema: schema, places: places, rowCount: count, live: count == ids.count ? nil : live,
                              numbers: numbers, codes: codes, categories: vocabularies.map(\.names), vectors: vectors, actual: actual, violations: found)
    }

    /// The rows written or removed since the last call, for the state store. After a failed save,
    /// call ``changesLost()`` so the next save rewrites the whole window.
    public mutating func takeChanges() -> WindowChanges {
        defer { journal = WindowJournal(rewrite: false) }
        let contents = contents()
        if journal.rewrite {
            let slots = live.indices.filter { live[$0] }
            return WindowChanges(replaceAll: true, written: slots.map { saved(slot: $0, contents: contents) }, removed: [])
        }
        let slots = journal.written.filter { live[$0] }.sorted()
        return WindowChanges(replaceAll: false, written: slots.map { saved(slot: $0, contents: contents) }, removed: journal.removed)
    }

    public mutating func changesLost() {
        journal.rewrite = true
    }

    // MARK: - Slots

    private mutating func newSlot() -> Int {
        ids.append(nil)
        receivedAt.append(0)
        actual.append(nil)
        sequence.append(0)
        live.append(false)
        for index in numbers.indices { numbers[index].append(.nan) }
        for index in codes.indices { codes[index].append(-1) }
        for index in vectors.indices { vectors[index].append(nil) }
        return ids.count - 1
    }

    /// The next slot of a row-count window: a new one until the ring is full, then the oldest.
    private mutating func ringSlot() -> Int {
        let slot: Int
        if ids.count < capacity {
            slot = newSlot()
        } else {
            slot = nextRingSlot
            release(slot)
        }
        nextRingSlot = (slot + 1) % capacity
        return slot
    }

    private mutating func release(_ slot: Int) {
        guard live[slot] else { return }
        journal.remove(sequence[slot])
        if let id = ids[slot], slotByID[id] == slot { slotByID[id] = nil }
        violations[slot] = nil
        live[slot] = false
        count -= 1
    }

    private mutating func write(_ row: ObservedRow, into slot: Int) {
        ids[slot] = row.id
        receivedAt[slot] = row.receivedAt
        actual[slot] = row.actual
        sequence[slot] = nextSequence
        nextSequence += 1
        live[slot] = true
        count += 1
        for place in places {
            switch place {
            case .numeric(let index): numbers[index][slot] = .nan
            case .categorical(let index): codes[index][slot] = -1
            case .vector(let index): vectors[index][slot] = nil
            }
        }
        var problems: [RowViolation] = []
        for (key, value) in row.values {
            guard let column = columnIndex[key] else {
                problems.append(.unknownColumn(key))
                continue
            }
            if !store(value, column: column, slot: slot) { problems.append(.wrongType(key)) }
        }
        if let truth = row.actual { fillTarget(from: truth, slot: slot) }
        if !problems.isEmpty { violations[slot] = problems }
        if let id = row.id { slotByID[id] = slot }
        journal.written.insert(slot)
    }

    /// Ground truth that arrived as a label stands in for a missing target column value.
    private mutating func fillTarget(from truth: FeatureInput, slot: Int) {
        guard let target = targetColumn else { return }
        switch places[target] {
        case .numeric(let index): if numbers[index][slot].isNaN { _ = store(truth, column: target, slot: slot) }
        case .categorical(let index): if codes[index][slot] < 0 { _ = store(truth, column: target, slot: slot) }
        case .vector: break
        }
    }

    /// Stores a value in its column; false when it has the wrong type (it is then left missing).
    private mutating func store(_ value: FeatureInput, column: Int, slot: Int) -> Bool {
        switch places[column] {
        case .numeric(let index):
            switch value {
            case .number(let number):
                guard number.isFinite else { return false }
                numbers[index][slot] = number
            case .text(let text):
                if MissingValue.isMissing(text) { return true }
                guard let number = NumberParser.parse(text), number.isFinite else { return false }
                numbers[index][slot] = number
            case .missing:
                break
            case .vector:
                return false
            }
        case .categorical(let index):
            switch value {
            case .text(let text):
                if !MissingValue.isMissing(text) { codes[index][slot] = vocabularies[index].code(text) }
            case .number(let number):
                codes[index][slot] = vocabularies[index].code(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
            case .missing:
                break
            case .vector:
                return false
            }
        case .vector(let index):
            switch value {
            case .vector(let numbers):
                guard !numbers.isEmpty, numbers.allSatisfy(\.isFinite), numbers.count == (vectorLengths[index] ?? numbers.count) else { return false }
                vectorLengths[index] = numbers.count
                vectors[index][slot] = numbers
            case .text(let text):
                guard MissingValue.isMissing(text) else { return false }
            case .missing:
                break
            case .number:
                return false
            }
        }
        return true
    }

    private func row(at slot: Int, contents: WindowContents) -> ObservedRow {
        var values: [String: FeatureInput] = [:]
        for (column, spec) in schema.columns.enumerated() {
            if let value = contents.value(column: column, slot: slot) { values[spec.name] = value }
        }
        return ObservedRow(id: ids[slot], values: values, actual: actual[slot], receivedAt: receivedAt[slot])
    }

    private func saved(slot: Int, contents: WindowContents) -> WindowChanges.Row {
        WindowChanges.Row(sequence: sequence[slot], receivedAt: receivedAt[slot],
                          record: recordWriter.record(id: ids[slot], actual: actual[slot]) { contents.value(column: $0, slot: slot) })
    }
}

/// What changed in a window since it was last saved.
struct WindowJournal: Sendable {
    /// Slots written (new rows, labels) since the last save.
    var written: Set<Int> = []
    /// Sequence numbers of rows that left the window since the last save.
    var removed: [Int64] = []
    /// Whether the next save must rewrite everything (a new or restored window, a failed save,
    /// or more departures than are worth listing).
    var rewrite = true

    mutating func remove(_ sequence: Int64) {
        guard !rewrite else { return }
        removed.append(sequence)
        if removed.count > 1_000_000 {
            rewrite = true
            removed = []
        }
    }
}

/// The rows to save: written rows by sequence number, and the sequence numbers of rows gone.
public struct WindowChanges: Sendable {
    public struct Row: Sendable {
        public var sequence: Int64
        public var receivedAt: Double
        /// The row as a flat JSON record (`id`, `actual` and the column values).
        public var record: String
    }

    /// Whether the saved rows are all replaced by `written`.
    public var replaceAll: Bool
    public var written: [Row]
    public var removed: [Int64]
}
