import DriftwatchData
import DriftwatchLearning

/// The losses of labelled rows by the model version that served them, for comparing a challenger
/// with the champion in production: rows arrive with the version that answered (and, in shadow
/// mode, the challenger's unreturned answer); their ground truth arrives with them or later by
/// id. Bounded: the newest `capacity` labelled rows and the newest `capacity` rows awaiting a label.
public struct VersionOutcomes: Sendable {
    /// A labelled row's loss: the squared error (regression) or 1 for a miss (classification),
    /// and the shadow challenger's on the same row.
    public struct Outcome: Sendable, Equatable {
        public var version: Int
        public var loss: Double
        public var shadowVersion: Int?
        public var shadowLoss: Double?

        public init(version: Int, loss: Double, shadowVersion: Int? = nil, shadowLoss: Double? = nil) {
            self.version = version
            self.loss = loss
            self.shadowVersion = shadowVersion
            self.shadowLoss = shadowLoss
        }
    }

    struct Pending: Sendable {
        var version: Int
        var prediction: Double
        var shadowVersion: Int?
        var shadowPrediction: Double?
    }

    let task: LearningTask
    let positiveClass: String
    let capacity: Int
    private(set) var outcomes: [Outcome] = []
    private var pending: [String: Pending] = [:]
    private var pendingOrder: [String] = []
    private var pendingStart = 0
    /// Labelled rows recorded so far, by version (never decreases: a canary step counts from it).
    private(set) var labelledTotals: [Int: Int] = [:]

    init(task: LearningTask, positiveClass: String, capacity: Int) {
        self.task = task
        self.positiveClass = positiveClass
        self.capacity = capacity
    }

    /// Takes a row served by a known version: scored at once when labelled, else kept for its label.
    mutating func observe(_ row: ObservedRow, predictionColumn: String, truthColumn: String?) {
        guard let version = row.modelVersion, case .number(let prediction)? = row.values[predictionColumn], prediction.isFinite else { return }
        let entry = Pending(version: version, prediction: prediction, shadowVersion: row.shadowVersion, shadowPrediction: row.shadowPrediction)
        if let truth = row.actual ?? truthColumn.flatMap({ row.values[$0] }), truth != .missing {
            record(entry, truth: truth)
        } else if let id = row.id {
            if pending.updateValue(entry, forKey: id) == nil { pendingOrder.append(id) }
            while pending.count > capacity, pendingStart < pendingOrder.count {
                pending[pendingOrder[pendingStart]] = nil
                pendingStart += 1
            }
            if pendingStart > 4096, pendingStart * 2 > pendingOrder.count {
                pendingOrder.removeFirst(pendingStart)
                pendingStart = 0
            }
        }
    }

    /// Attaches a label to a row awaiting one; false when no such row is kept.
    @discardableResult
    mutating func label(id: String, truth: FeatureInput) -> Bool {
        guard let entry = pending.removeValue(forKey: id) else { return false }
        record(entry, truth: truth)
        return true
    }

    private mutating func record(_ entry: Pending, truth: FeatureInput) {
        guard let reading = Truth(truth, task: task, positiveClass: positiveClass) else { return }
        let shadowLoss = entry.shadowPrediction.map { Self.loss($0, reading) }
        outcomes.append(Outcome(version: entry.version, loss: Self.loss(entry.prediction, reading),
                                shadowVersion: shadowLoss == nil ? nil : entry.shadowVersion, shadowLoss: shadowLoss))
        labelledTotals[entry.version, default: 0] += 1
        if let shadow = entry.shadowVersion, shadowLoss != nil { labelledTotals[shadow, default: 0] += 1 }
        if outcomes.count > capacity + capacity / 4 { outcomes.removeFirst(outcomes.count - capacity) }
    }

    static func loss(_ prediction: Double, _ truth: Truth) -> Double {
        switch truth {
        case .value(let value): (prediction - value) * (prediction - value)
        case .positive(let positive): (prediction >= 0.5) == positive ? 0 : 1
        }
    }

    /// Forgets everything (a new champion: the comparison starts over).
    mutating func reset() {
        self = VersionOutcomes(task: task, positiveClass: positiveClass, capacity: capacity)
    }

    /// The newest `capacity` outcomes.
    var recent: ArraySlice<Outcome> { outcomes.suffix(capacity) }
}
