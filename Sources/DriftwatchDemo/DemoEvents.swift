import DriftwatchAgent
import DriftwatchRegistry
import Foundation

/// What the demo saw of the agent and its loop: printed as it happens, summed up at the end.
actor DemoEvents {
    /// The first retrain attempt's end.
    private(set) var outcome: RetrainAttempt?
    private var steps: [(at: Date, attempt: RetrainAttempt)] = []
    private var driftAt: [Date] = []
    private var silent = false

    /// Steps of retrain attempts seen so far (0: the loop has not started one).
    var attempts: Int { steps.count }

    /// Stops printing (the summary comes next).
    func silence() { silent = true }

    func evaluated(_ snapshot: Snapshot, say: DemoOutput) {
        guard !silent else { return }
        let tested = snapshot.report.columns.filter { $0.skippedReason == nil }
        let drifted = tested.filter(\.drift).map(\.name)
        var line = "evaluation: \(snapshot.windowRows) rows against v\(snapshot.modelVersion.map(String.init) ?? "?")'s training data — \(drifted.count)/\(tested.count) columns drifted"
        if !drifted.isEmpty { line += " (\(drifted.prefix(4).joined(separator: ", "))\(drifted.count > 4 ? ", …" : ""))" }
        if let accuracy = snapshot.accuracy, let rmse = accuracy.metric("rmse") {
            line += String(format: "; RMSE %.2f over %d labelled rows", rmse, accuracy.labelledRows)
        }
        say(line)
        if snapshot.report.dataset.drift { driftAt.append(Date()) }
    }

    func stepped(_ attempt: RetrainAttempt, say: DemoOutput) {
        steps.append((Date(), attempt))
        switch attempt.state {
        case .triggered: say("loop: retrain attempt \(attempt.id) triggered — \(attempt.trigger)")
        case .training: say("loop: training — \(attempt.detail)")
        case .gating: say("loop: challenger \(attempt.detail); gating it against v\(attempt.championVersion.map(String.init) ?? "?")")
        case .awaitingApproval: say("loop: gate passed; the challenger waits for approval — \(attempt.detail)")
        case .approved: say("loop: \(attempt.detail)")
        case .canary: say("loop: rollout — \(attempt.detail)")
        case .promoting: say("loop: \(attempt.detail.hasPrefix("live") ? "rollout passed" : "gate passed") — \(attempt.detail)")
        case .verifying: say("loop: promoted v\(attempt.challengerVersion.map(String.init) ?? "?") to champion; the predictor hot-reloads it, the agent takes its training data as the reference and starts a fresh window")
        case .promoted: say("loop: verified in production — \(attempt.detail)")
        case .rejected: say("loop: gate rejected the challenger — \(attempt.detail)")
        case .failed: say("loop: retrain failed — \(attempt.detail)")
        case .rolledBack: say("loop: rolled back — \(attempt.detail)")
        case .watching: break
        }
        if !attempt.state.isActive && outcome == nil { outcome = attempt }
    }

    func summaryLines(changeAt: Date) -> [String] {
        var lines: [String] = []
        func after(_ date: Date?) -> String { date.map { String(format: "%.1f s", $0.timeIntervalSince(changeAt)) } ?? "—" }
        lines.append("dataset drift first flagged \(after(driftAt.first { $0 > changeAt })) after the change")
        guard let triggered = steps.first(where: { $0.attempt.state == .triggered }) else {
            lines.append("no retrain was triggered")
            return lines
        }
        lines.append("retrain triggered \(after(triggered.at)) after the change: \(triggered.attempt.trigger)")
        if let gated = steps.first(where: { [.awaitingApproval, .canary, .promoting, .rejected].contains($0.attempt.state) }) {
            lines.append(String(format: "training and gate took %.1f s: ", gated.at.timeIntervalSince(triggered.at)) + gated.attempt.detail)
        }
        if let promoted = steps.first(where: { $0.attempt.state == .verifying }) {
            lines.append("v\(promoted.attempt.challengerVersion.map(String.init) ?? "?") promoted \(after(promoted.at)) after the change")
        }
        if let outcome, let end = steps.last(where: { !$0.attempt.state.isActive }) {
            lines.append("\(outcome.state.rawValue) \(after(end.at)) after the change: \(outcome.detail)")
        }
        return lines
    }
}
