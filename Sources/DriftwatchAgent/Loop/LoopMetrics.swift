import DriftwatchHTTP
import DriftwatchRegistry
import Foundation
import Prometheus

/// The loop on `/metrics`: its state, retrains by outcome and how long they took, the gate's
/// scores, the champion and when it was last promoted.
final class LoopMetrics: Sendable {
    private let states: [(LoopState, Gauge)]
    private let outcomes: [LoopState: Counter]
    private let duration: DurationHistogram
    private let championScore: Gauge, challengerScore: Gauge
    private let championVersion: Gauge, lastPromotion: Gauge
    private let alerts: [String: Counter]

    static let shownStates: [LoopState] = [.watching, .triggered, .training, .gating, .awaitingApproval, .approved, .canary, .promoting, .verifying]

    init(registry: PrometheusCollectorRegistry, model: String) {
        let modelLabel = [("model", model)]
        states = Self.shownStates.map { state in
            (state, registry.gauge("driftwatch_loop_state", labels: modelLabel + [("state", state.rawValue)],
                                       help: "1 for the retrain loop's current state, 0 for the others."))
        }
        outcomes = Dictionary(uniqueKeysWithValues: [LoopState.promoted, .rejected, .failed, .rolledBack].map { outcome in
            (outcome, registry.counter("driftwatch_retrains_total", labels: modelLabel + [("outcome", outcome.rawValue)],
                                           help: "Retrain attempts that ended, by outcome."))
        })
        duration = registry.durationHistogram("driftwatch_retrain_duration_seconds", labels: modelLabel,
                                                  buckets: [.seconds(1), .seconds(5), .seconds(15), .seconds(60), .seconds(300), .seconds(900), .seconds(3600)],
                                                  help: "Time from a retrain's trigger to its gate decision.")
        championScore = registry.gauge("driftwatch_gate_score", labels: modelLabel + [("candidate", "champion")],
                                           help: "Scores of the last gate on its held-out rows, by candidate.")
        challengerScore = registry.gauge("driftwatch_gate_score", labels: modelLabel + [("candidate", "challenger")],
                                             help: "Scores of the last gate on its held-out rows, by candidate.")
        championVersion = registry.gauge("driftwatch_champion_version", labels: modelLabel, help: "Registry version the champion alias points at.")
        lastPromotion = registry.gauge("driftwatch_last_promotion_timestamp_seconds", labels: modelLabel,
                                           help: "Unix time of the loop's last promotion or rollback.")
        alerts = Dictionary(uniqueKeysWithValues: ["accepted", "ignored", "duplicate"].map { outcome in
            (outcome, registry.counter("driftwatch_alertmanager_alerts_total", labels: [("outcome", outcome)],
                                           help: "Alerts received on the Alertmanager webhook, by what became of them."))
        })
        show(.watching)
    }

    func show(_ state: LoopState) {
        let current = state.isActive ? state : .watching
        for (shown, gauge) in states { gauge.set(Double(shown == current ? 1 : 0)) }
    }

    /// Records a step of an attempt.
    func record(_ attempt: RetrainAttempt, now: Date = Date()) {
        show(attempt.state)
        if let score = attempt.championScore { championScore.set(score) }
        if let score = attempt.challengerScore { challengerScore.set(score) }
        if let counter = outcomes[attempt.state] { counter.increment() }
    }

    /// Records how long an attempt took from its trigger to the gate's decision.
    func gateDecided(_ attempt: RetrainAttempt, now: Date = Date()) {
        duration.recordNanoseconds(Int64(max(0, now.timeIntervalSince(attempt.startedAt)) * 1e9))
    }

    func champion(_ version: Int?, movedAt: Date? = nil) {
        if let version { championVersion.set(Double(version)) }
        if let movedAt { lastPromotion.set(movedAt.timeIntervalSince1970) }
    }

    func alert(_ outcome: String, count: Int = 1) {
        if count > 0 { alerts[outcome]?.increment(by: Int64(count)) }
    }
}
