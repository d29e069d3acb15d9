import DriftwatchData
import Foundation
import Yams

/// When the agent retrains by itself, and the guard rails around it: the `loop:` section of the
/// agent config. Every key has a default except `training`.
///
/// ```yaml
/// loop:
///   training: train.yaml               # the champion's training config (estimator, features, search)
///   trigger: {drift_evaluations: 3, accuracy_margin: 0.2, accuracy_evaluations: 2,
///             prediction_drift: false, concept_drift: false,
///             alert_labels: {driftwatch_action: retrain}}
///   min_labelled_rows: 300             # no retrain on fewer labelled rows
///   cooldown: 600                      # seconds between attempts (doubling after each failed one)
///   max_per_day: 6
///   training_rows: 5000                # the most recent labelled rows to learn from
///   mix_reference: false               # add the training config's own data to them
///   holdout: 0.25                      # share of those rows (the newest) the gate scores both models on
///   gate_margin: 0.01                  # the challenger must beat the champion by 1% of its score
///   verify_rows: 300                   # labelled rows after a promotion before it is verified
///   verify_margin: 0.1                 # roll back when 10% worse than the old champion in production
///   rollout: {mode: canary, steps: [5, 25, 50, 100], min_rows: 200}   # default mode: direct
///   token_env: DRIFTWATCH_TOKEN        # bearer token for /v1/retrain and /v1/alertmanager (or token: …)
/// ```
public struct LoopPolicy: Sendable, Equatable {
    /// Path of the training config used for every retrain.
    public var training: String
    /// Retrain after this many consecutive evaluations with dataset drift (0: never for drift).
    public var driftEvaluations = 3
    /// Retrain when the labelled-row metric is worse than the champion's validation metric by this
    /// share of it (nil: never for accuracy).
    public var accuracyMargin: Double? = 0.2
    /// …in this many consecutive evaluations.
    public var accuracyEvaluations = 2
    /// Retrain when the prediction column drifts.
    public var predictionDrift = false
    /// Retrain when a concept-drift detector finds a change in the error stream.
    public var conceptDrift = false
    /// Labels an Alertmanager alert must carry to start a retrain.
    public var alertLabels: [String: String] = ["driftwatch_action": "retrain"]
    public var minLabelledRows = 300
    public var cooldown: Double = 600
    public var maxPerDay = 6
    public var trainingRows = 5000
    public var mixReference = false
    public var holdout = 0.25
    public var gateMargin = 0.01
    public var verifyRows = 300
    public var verifyMargin = 0.1
    /// How a gated challenger reaches production: at once, or through shadow or canary traffic.
    public var rollout = Rollout()
    /// The bearer token, read from the config or from the environment variable `tokenEnv`.
    public var token: String?

    public init(training: String) {
        self.training = training
    }

    static let knownKeys = ["training", "trigger", "min_labelled_rows", "cooldown", "max_per_day", "training_rows", "mix_reference",
                            "holdout", "gate_margin", "verify_rows", "verify_margin", "rollout", "token", "token_env"]
    static let triggerKeys = ["drift_evaluations", "accuracy_margin", "accuracy_evaluations", "prediction_drift", "concept_drift", "alert_labels"]

    /// Reads the `loop:` mapping; `environment` supplies the token named by `token_env`.
    static func parse(_ node: Node, source: String, environment: [String: String]) throws -> LoopPolicy {
        func fail(_ key: String, _ message: String) -> DataError {
            DataError(file: source, line: node.mapping?.first { $0.key.string == key }?.key.mark?.line ?? node.mark?.line, message)
        }
        guard let mapping = node.mapping else { throw DataError(file: source, line: node.mark?.line, "loop is a mapping (training, trigger, cooldown, …)") }
        for key in mapping.keys where !knownKeys.contains(key.string ?? "") {
            throw DataError(file: source, line: key.mark?.line, "unknown key 'loop.\(key.string ?? "?")' (known: \(knownKeys.joined(separator: ", ")))")
        }
        guard let training = mapping["training"]?.string else { throw fail("training", "loop needs training: the training config a retrain uses") }
        var policy = LoopPolicy(training: training)
        func number(_ key: String, in map: Node.Mapping = mapping, _ valid: (Double) -> Bool, _ message: String) throws -> Double? {
            guard let node = map[key] else { return nil }
            guard let value = node.float, valid(value) else { throw fail(key, "loop.\(key) \(message)") }
            return value
        }
        func whole(_ key: String, in map: Node.Mapping = mapping, minimum: Int) throws -> Int? {
            guard let node = map[key] else { return nil }
            guard let value = node.int, value >= minimum else { throw fail(key, "loop.\(key) must be a whole number ≥ \(minimum)") }
            return value
        }
        func flag(_ key: String, in map: Node.Mapping = mapping) throws -> Bool? {
            guard let node = map[key] else { return nil }
            guard let value = node.bool else { throw fail(key, "loop.\(key) must be true or false") }
            return value
        }
        if let trigger = mapping["trigger"] {
            guard let map = trigger.mapping else { throw fail("trigger", "loop.trigger is a mapping (\(triggerKeys.joined(separator: ", ")))") }
            for key in map.keys where !triggerKeys.contains(key.string ?? "") {
                throw DataError(file: source, line: key.mark?.line, "unknown key 'loop.trigger.\(key.string ?? "?")' (known: \(triggerKeys.joined(separator: ", ")))")
            }
            if let value = try whole("drift_evaluations", in: map, minimum: 0) { policy.driftEvaluations = value }
            if let node = map["accuracy_margin"] {
                if node.null != nil || node.string == "off" { policy.accuracyMargin = nil }
                else { policy.accuracyMargin = try number("accuracy_margin", in: map, { $0 >= 0 }, "must be a share ≥ 0 (or off)") }
            }
            if let value = try whole("accuracy_evaluations", in: map, minimum: 1) { policy.accuracyEvaluations = value }
            if let value = try flag("prediction_drift", in: map) { policy.predictionDrift = value }
            if let value = try flag("concept_drift", in: map) { policy.conceptDrift = value }
            if let labels = map["alert_labels"] {
                guard let pairs = labels.mapping, !pairs.isEmpty else { throw fail("trigger", "loop.trigger.alert_labels is a mapping of label: value") }
                policy.alertLabels = Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in key.string.map { ($0, value.string ?? "") } })
            }
        }
        if let value = try whole("min_labelled_rows", minimum: 2) { policy.minLabelledRows = value }
        if let value = try number("cooldown", { $0 >= 0 }, "must be a number of seconds ≥ 0") { policy.cooldown = value }
        if let value = try whole("max_per_day", minimum: 1) { policy.maxPerDay = value }
        if let value = try whole("training_rows", minimum: 10) { policy.trainingRows = value }
        if let value = try flag("mix_reference") { policy.mixReference = value }
        if let value = try number("holdout", { $0 > 0 && $0 < 1 }, "must be a share between 0 and 1") { policy.holdout = value }
        if let value = try number("gate_margin", { $0 >= 0 }, "must be a share ≥ 0") { policy.gateMargin = value }
        if let value = try whole("verify_rows", minimum: 1) { policy.verifyRows = value }
        if let value = try number("verify_margin", { $0 >= 0 }, "must be a share ≥ 0") { policy.verifyMargin = value }
        if let node = mapping["rollout"] { policy.rollout = try Rollout.parse(node, source: source) }
        policy.token = mapping["token"]?.string ?? environment[mapping["token_env"]?.string ?? "DRIFTWATCH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return policy
    }
}
