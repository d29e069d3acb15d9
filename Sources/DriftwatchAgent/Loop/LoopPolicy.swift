import DriftwatchData
import Foundation
import Yams

/// When the agent retrains by itself, and the guard rails around it: the `loop:` section of the
/// agent config. Every key has a default except `training` (a training config, or the team's
/// own training command: ``TrainingCommand``).
///
/// ```yaml
/// loop:
///   training: train.yaml               # the champion's training config (estimator, features, search),
///                                      # or {command: [python3, train.py, "{train}", "{output}"], timeout: 1800}
///   trigger: {drift_evaluations: 3, accuracy_margin: 0.2, accuracy_evaluations: 2,
///             prediction_drift: false, concept_drift: false, multivariate_drift: false,
///             alert_labels: {driftwatch_action: retrain}}
///   min_labelled_rows: 300             # no retrain on fewer labelled rows
///   cooldown: 600                      # seconds between attempts (doubling after each failed one)
///   max_per_day: 6
///   training_rows: 5000                # the most recent labelled rows to learn from
///   mix_reference: false               # add the training config's own data to them
///   holdout: 0.25                      # share of those rows (the newest) the gate scores both models on
///   gate_margin: 0.01                  # the challenger must beat the champion by 1% of its score
///   trusted_data: trusted.csv          # labelled rows not from the window (default: the training config's data)
///   trusted_margin: 0.5                # reject a challenger whose skill there is this much below the champion's (or off)
///   approval: auto                     # or manual: a gated challenger waits for `driftwatch models approve|reject`
///   verify_rows: 300                   # labelled rows after a promotion before it is verified
///   verify_margin: 0.1                 # roll back when 10% worse than the old champion in production
///   rollout: {mode: canary, steps: [5, 25, 50, 100], min_rows: 200}   # default mode: direct
///   token_env: DRIFTWATCH_TOKEN        # bearer token for retrain, the webhook, ingest and labels (or token: …)
/// ```
public struct LoopPolicy: Sendable, Equatable {
    /// How every retrain makes its challenger.
    public var training: LoopTraining
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
    /// Retrain after `driftEvaluations` (at least 1) consecutive evaluations in which a
    /// multivariate method found drift (needs the agent's `multivariate:` setting).
    public var multivariateDrift = false
    /// Labels an Alertmanager alert must carry to start a retrain.
    public var alertLabels: [String: String] = ["driftwatch_action": "retrain"]
    public var minLabelledRows = 300
    public var cooldown: Double = 600
    public var maxPerDay = 6
    public var trainingRows = 5000
    public var mixReference = false
    public var holdout = 0.25
    public var gateMargin = 0.01
    /// Labelled rows that do not come from the window, on which a challenger may not lose more than
    /// `trustedMargin` of the champion's skill (R², or 2·AUC − 1): whoever feeds the window cannot
    /// get a model promoted that has learnt the relation backwards. nil: the training config's data.
    public var trustedData: String?
    /// nil: no check on trusted rows. The default comes from the guard simulation (README).
    public var trustedMargin: Double? = LoopPolicy.defaultTrustedMargin
    public static let defaultTrustedMargin = 0.5
    /// Whether a challenger that passed the gate is released at once, or waits in
    /// `awaiting_approval` until a person approves or rejects it.
    public var approval = Approval.automatic
    public enum Approval: String, Sendable, Equatable {
        case automatic = "auto"
        case manual
    }
    public var verifyRows = 300
    public var verifyMargin = 0.1
    /// How a gated challenger reaches production: at once, or through shadow or canary traffic.
    public var rollout = Rollout()
    /// The bearer token, read from the config or from the environment variable `tokenEnv`.
    public var token: String?

    public init(training: LoopTraining) {
        self.training = training
    }

    public init(training: String) {
        self.init(training: .config(training))
    }

    static let knownKeys = ["training", "trigger", "min_labelled_rows", "cooldown", "max_per_day", "training_rows", "mix_reference",
                            "holdout", "gate_margin", "verify_rows", "verify_margin", "rollout", "token", "token_env", "trusted_data", "trusted_margin", "approval"]
    static let triggerKeys = ["drift_evaluations", "accuracy_margin", "accuracy_evaluations", "prediction_drift", "concept_drift", "multivariate_drift", "alert_labels"]

    /// Reads the `loop:` mapping; `environment` supplies the token named by `token_env`.
    static func parse(_ node: Node, source: String, environment: [String: String]) throws -> LoopPolicy {
        let section = try ConfigurationSection(node, path: "loop", known: knownKeys, source: source, shape: "a mapping (training, trigger, cooldown, …)")
        var policy = LoopPolicy(training: try LoopTraining.parse(section["training"], in: section))
        if let trigger = try section.section("trigger", known: triggerKeys) {
            if let value = try trigger.whole("drift_evaluations", minimum: 0) { policy.driftEvaluations = value }
            if let node = trigger["accuracy_margin"] {
                if node.null != nil || node.string == "off" { policy.accuracyMargin = nil }
                else { policy.accuracyMargin = try trigger.number("accuracy_margin", "must be a share ≥ 0 (or off)", { $0 >= 0 }) }
            }
            if let value = try trigger.whole("accuracy_evaluations", minimum: 1) { policy.accuracyEvaluations = value }
            if let value = try trigger.flag("prediction_drift") { policy.predictionDrift = value }
            if let value = try trigger.flag("concept_drift") { policy.conceptDrift = value }
            if let value = try trigger.flag("multivariate_drift") { policy.multivariateDrift = value }
            if let labels = trigger["alert_labels"] {
                guard let pairs = labels.mapping, !pairs.isEmpty else { throw trigger.error("alert_labels", "loop.trigger.alert_labels is a mapping of label: value") }
                policy.alertLabels = Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in key.string.map { ($0, value.string ?? "") } })
            }
        }
        if let value = try section.whole("min_labelled_rows", minimum: 2) { policy.minLabelledRows = value }
        if let value = try section.number("cooldown", "must be a number of seconds ≥ 0", { $0 >= 0 }) { policy.cooldown = value }
        if let value = try section.whole("max_per_day", minimum: 1) { policy.maxPerDay = value }
        if let value = try section.whole("training_rows", minimum: 10) { policy.trainingRows = value }
        if let value = try section.flag("mix_reference") { policy.mixReference = value }
        if let value = try section.number("holdout", "must be a share between 0 and 1", { $0 > 0 && $0 < 1 }) { policy.holdout = value }
        if let value = try section.number("gate_margin", "must be a share ≥ 0", { $0 >= 0 }) { policy.gateMargin = value }
        policy.trustedData = section["trusted_data"]?.string
        if let node = section["trusted_margin"] {
            if node.null != nil || node.string == "off" { policy.trustedMargin = nil }
            else { policy.trustedMargin = try section.number("trusted_margin", "must be a skill difference ≥ 0 (or off)", { $0 >= 0 }) }
        }
        if let value: Approval = try section.choice("approval", "must be auto or manual") { policy.approval = value }
        if let value = try section.whole("verify_rows", minimum: 1) { policy.verifyRows = value }
        if let value = try section.number("verify_margin", "must be a share ≥ 0", { $0 >= 0 }) { policy.verifyMargin = value }
        if let node = section["rollout"] { policy.rollout = try Rollout.parse(node, source: source) }
        policy.token = section["token"]?.string ?? environment[section["token_env"]?.string ?? "DRIFTWATCH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return policy
    }
}
