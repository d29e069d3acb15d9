import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
import Logging

/// The retrain loop: decides when to retrain (drift for several evaluations, accuracy below the
/// champion's, prediction drift, an alert, a request), and drives an attempt through its states —
/// train on the newest labelled rows, gate the challenger against the champion on held-out rows,
/// promote it, verify it in production and roll back when it does worse.
///
/// Every step is a transition stored in the registry database (``RegistryStore/advanceAttempt``),
/// so a process that dies between steps is resumed by the next one from the stored state, and an
/// alias move always happens in the same transaction as the step that makes it.
public actor RetrainCoordinator {
    /// What became of a request to retrain.
    public enum Answer: Sendable, Equatable {
        case started(RetrainAttempt)
        /// An attempt is already under way.
        case busy(RetrainAttempt)
        /// A guard rail refused it, with the reason.
        case refused(String)
    }

    public nonisolated let model: String
    let agent: any RetrainSubject
    /// Moves the reference to a new champion: the same path the reference watcher takes.
    let reference: ReferenceWatcher
    let registry: Registry
    public nonisolated let policy: LoopPolicy
    /// What makes challengers: Driftwatch's trainer, or the team's training command.
    let challengers: ChallengerSource
    /// What triggers, the gate and verification compare: the training config's selection metric,
    /// or the training command's `metric`.
    let metric: String
    let codeVersion: String
    let logger: Logger
    let metrics: LoopMetrics
    private var consecutiveDrift = 0, consecutiveInaccuracy = 0, consecutiveMultivariate = 0
    private var driver: Task<Void, Never>?
    /// Whether a driver is taking steps now (from `start` until `drive` returns).
    private var driving = false
    /// An attempt this process drives again at the next evaluation, because the registry could not
    /// be read when it resumed, or a failed step could not even be recorded.
    private var stalled: Stalled?
    private enum Stalled: Equatable {
        /// Whichever attempt is active: resuming could not read it.
        case unread
        case attempt(Int64)
    }
    /// Alerts already acted on (fingerprint and start), oldest first, bounded.
    private var seenAlerts: [String] = []
    /// Called after every step (the demo and the tests follow the loop with it).
    private var observer: (@Sendable (RetrainAttempt) async -> Void)?

    /// Labelled challenger rows counted when the current rollout step began (in memory: after a
    /// restart the step counts afresh from the rows the agent has then).
    private var stepStart: (attempt: Int64, weight: Double?, rows: Int)?

    /// Whether started or resumed attempts are driven at once (tests step them one at a time).
    let drivesAttempts: Bool

    public init(agent: any RetrainSubject, registry: Registry, policy: LoopPolicy, training: TrainingConfig, codeVersion: String, logger: Logger,
                drivesAttempts: Bool = true) {
        var training = training
        training.model = agent.model
        self.init(agent: agent, registry: registry, policy: policy, challengers: .trainer(training),
                  metric: TrainingPipeline(config: training, codeVersion: codeVersion).selectionMetric, codeVersion: codeVersion, logger: logger,
                  drivesAttempts: drivesAttempts)
    }

    public init(agent: any RetrainSubject, registry: Registry, policy: LoopPolicy, challengers: ChallengerSource, metric: String, codeVersion: String,
                logger: Logger, drivesAttempts: Bool = true) {
        self.drivesAttempts = drivesAttempts
        self.agent = agent
        self.registry = registry
        self.policy = policy
        self.challengers = challengers
        self.metric = metric
        self.codeVersion = codeVersion
        self.logger = logger
        model = agent.model
        metrics = LoopMetrics(registry: agent.metricsRegistry, model: model)
        reference = ReferenceWatcher(agent: agent, reference: RegistryReference(registry: registry, model: agent.model), interval: .seconds(5), logger: logger)
    }

    public func onStep(_ observer: @escaping @Sendable (RetrainAttempt) async -> Void) {
        self.observer = observer
    }

    /// Picks up an attempt a previous process left under way, and shows the champion on `/metrics`.
    public func resume() async {
        metrics.champion(try? await registry.store.aliasVersion(model: model, alias: "champion"))
        let found: RetrainAttempt?
        do {
            found = try await registry.store.activeAttempt(model: model)
        } catch {
            logger.error("cannot read the retrain state to resume it (tried again at the next evaluation): \(error)")
            stalled = .unread
            return
        }
        guard var active = found else { return }
        // A restart while the attempt waits (for a person, for live rows) is no crash loop.
        if !active.state.waitsForEvents { do {
            let resumes = try await registry.store.recordResume(id: active.id, state: active.state)
            if resumes > RetrainAttempt.maximumResumes {
                let reason = "the process stopped \(resumes) times while the attempt was at '\(active.state.rawValue)'; it is not resumed again"
                logger.error("retrain attempt \(active.id) failed: \(reason)")
                active = try await registry.store.advanceAttempt(id: active.id, from: active.state, to: .failed, update: AttemptUpdate(detail: reason), aliasMove: nil, traffic: nil)
                metrics.show(active.state)
                return
            }
        } catch {
            logger.error("cannot record the resume of retrain attempt \(active.id) (it is resumed all the same): \(error)")
        } }
        logger.info("resuming retrain attempt \(active.id) at '\(active.state.rawValue)'")
        metrics.show(active.state)
        start(active)
    }

    /// The loop's state: the active attempt's, or watching.
    public func currentState() async -> LoopState {
        await activeAttempt()?.state ?? .watching
    }

    /// The attempt under way, if any (nil too when the registry cannot be read).
    public func activeAttempt() async -> RetrainAttempt? {
        try? await registry.store.activeAttempt(model: model)
    }

    /// Waits until the attempt being driven (if any) waits for verification or ends.
    public func settle() async {
        await driver?.value
    }

    // MARK: Triggers

    /// Looks at each new snapshot: verifies a promotion, or starts a retrain when a trigger fires.
    public func observe(_ snapshot: Snapshot) async {
        do {
            let found = try await registry.store.activeAttempt(model: model)
            // An unread resume means the active attempt; a stalled one that has ended since is forgotten.
            switch stalled {
            case .unread: stalled = found.map { .attempt($0.id) }
            case .attempt(let id) where id != found?.id: stalled = nil
            default: break
            }
            if let active = found {
                // A resumed attempt that waited for the window to refill goes on once it has; a
                // stalled one is driven again.
                if !driving, stalled == .attempt(active.id) {
                    self.stalled = nil
                    start(active)
                } else if active.state == .triggered, !driving, await agent.labelledRows >= policy.minLabelledRows {
                    start(active)
                } else if active.state == .approved, !driving {
                    // Approved by a person (`driftwatch models approve`) since the last evaluation.
                    start(active)
                }
                if active.state == .verifying { try await verify(active, snapshot) }
                if active.state == .canary { try await roll(active, snapshot) }
                return
            }
        } catch {
            logger.error("cannot read the retrain state: \(error)")
            return
        }
        consecutiveDrift = snapshot.report.dataset.drift ? consecutiveDrift + 1 : 0
        consecutiveMultivariate = snapshot.report.multivariate?.contains(where: \.drift) == true ? consecutiveMultivariate + 1 : 0
        guard let reason = triggerReason(snapshot) else { return }
        if case .refused(let why) = await request(trigger: reason, manual: false) {
            logger.info("not retraining (\(reason)): \(why)")
        }
    }

    func triggerReason(_ snapshot: Snapshot) -> String? {
        if policy.driftEvaluations > 0, consecutiveDrift >= policy.driftEvaluations {
            return "drift: dataset drift in \(consecutiveDrift) consecutive evaluations (\(snapshot.report.dataset.driftedColumns) columns)"
        }
        // Multivariate drift as persistent as dataset drift must be (at least one evaluation).
        if policy.multivariateDrift, consecutiveMultivariate >= max(policy.driftEvaluations, 1) {
            let methods = (snapshot.report.multivariate ?? []).filter(\.drift).map { "\($0.method.rawValue) \(Self.format($0.value ?? .nan))" }
            return "multivariate_drift: \(methods.joined(separator: ", ")) in \(consecutiveMultivariate) consecutive evaluations"
        }
        if policy.conceptDrift, let detection = snapshot.conceptDrift.last {
            return "concept_drift: \(detection.detector) found a change in the errors of labelled rows (after \(detection.errorIndex + 1))"
        }
        if policy.predictionDrift, let prediction = snapshot.report.columns.first(where: { $0.role == .prediction }), prediction.drift {
            return "prediction_drift: '\(prediction.name)' drifted (PSI \(String(format: "%.3f", prediction.psi ?? .nan)))"
        }
        // Accuracy below the champion's validation score (the snapshot carries the reference
        // version's), in enough consecutive evaluations that the newest labelled rows (what a
        // retrain learns from) come from after the change.
        if let margin = policy.accuracyMargin, let accuracy = snapshot.accuracy, accuracy.labelledRows >= policy.minLabelledRows,
           let validation = snapshot.referenceQuality[metric], let live = accuracy.metric(metric),
           ModelGate.isWorse(live, than: validation, metric: metric, margin: margin) {
            consecutiveInaccuracy += 1
            if consecutiveInaccuracy >= policy.accuracyEvaluations {
                return "accuracy: \(metric) \(Self.format(live)) on \(accuracy.labelledRows) labelled rows vs \(Self.format(validation)) at validation, \(consecutiveInaccuracy) evaluations in a row"
            }
            return nil
        }
        consecutiveInaccuracy = 0
        return nil
    }

    /// Alertmanager alerts: firing ones that carry the configured labels start a retrain (once per
    /// alert and start time); resolved and other alerts are ignored.
    public func receive(_ alerts: [AlertmanagerPayload.Alert]) async -> (accepted: Int, ignored: Int, duplicates: Int, answer: Answer?) {
        var accepted: [AlertmanagerPayload.Alert] = [], ignored = 0, duplicates = 0
        for alert in alerts {
            guard alert.status == "firing", policy.alertLabels.allSatisfy({ alert.labels[$0.key] == $0.value }) else {
                ignored += 1
                continue
            }
            let key = "\(alert.fingerprint ?? alert.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))@\(alert.startsAt)"
            if seenAlerts.contains(key) {
                duplicates += 1
                continue
            }
            seenAlerts.append(key)
            if seenAlerts.count > 1000 { seenAlerts.removeFirst(seenAlerts.count - 1000) }
            accepted.append(alert)
        }
        metrics.alert("accepted", count: accepted.count)
        metrics.alert("ignored", count: ignored)
        metrics.alert("duplicate", count: duplicates)
        guard !accepted.isEmpty else { return (0, ignored, duplicates, nil) }
        let names = Set(accepted.map { $0.labels["alertname"] ?? "alert" }).sorted().joined(separator: ", ")
        return (accepted.count, ignored, duplicates, await request(trigger: "alertmanager: \(names)", manual: false))
    }

    /// Starts a retrain unless one is under way or a guard rail says no. Manual requests skip the
    /// cooldown and the daily limit, not the others.
    public func request(trigger: String, manual: Bool, now: Date = Date()) async -> Answer {
        do {
            if let active = try await registry.store.activeAttempt(model: model) { return .busy(active) }
            let labelled = await agent.labelledRows
            guard labelled >= policy.minLabelledRows else {
                return .refused("the window holds \(labelled) labelled rows; a retrain needs \(policy.minLabelledRows) (loop.min_labelled_rows)")
            }
            if !manual, let refusal = try await guardRails(now: now) { return .refused(refusal) }
            let champion = try await registry.store.aliasVersion(model: model, alias: "champion")
            guard let attempt = try await registry.store.beginAttempt(model: model, trigger: trigger, championVersion: champion) else {
                if let active = try await registry.store.activeAttempt(model: model) { return .busy(active) }
                return .refused("another process is starting a retrain")
            }
            consecutiveDrift = 0
            consecutiveMultivariate = 0
            consecutiveInaccuracy = 0
            logger.info("retrain attempt \(attempt.id) triggered: \(trigger)")
            await record(attempt)
            start(attempt)
            return .started(attempt)
        } catch {
            return .refused("the registry cannot be read: \(error)")
        }
    }

    /// The cooldown since the last attempt (doubled for each unsuccessful one in a row, up to a
    /// day) and the daily limit.
    func guardRails(now: Date) async throws -> String? {
        let recent = try await registry.store.attempts(model: model, limit: 100)
        let today = recent.filter { now.timeIntervalSince($0.startedAt) < 86_400 }
        if today.count >= policy.maxPerDay {
            return "\(today.count) retrains in the last 24 hours reach loop.max_per_day (\(policy.maxPerDay))"
        }
        guard let last = recent.first else { return nil }
        let unsuccessful = recent.prefix { [.failed, .rejected, .rolledBack].contains($0.state) }.count
        let cooldown = min(86_400, policy.cooldown * pow(2, Double(max(0, unsuccessful - 1))))
        let ready = last.updatedAt.addingTimeInterval(cooldown)
        if ready > now {
            return "cooling down for \(Int(ready.timeIntervalSince(now).rounded(.up))) more seconds after attempt \(last.id) (\(last.state.rawValue))"
        }
        return nil
    }

    // MARK: Steps

    private func start(_ attempt: RetrainAttempt) {
        guard drivesAttempts else { return }
        driving = true
        driver = Task { await self.drive(attempt) }
    }

    /// Takes steps until the attempt waits for live rows (a rollout, verification, or — for an
    /// attempt resumed before its rows were saved — a window that has yet to refill) or ends.
    func drive(_ start: RetrainAttempt) async {
        defer { driving = false }
        var attempt = start
        while attempt.state.isActive && !attempt.state.waitsForEvents {
            // Resumed by a new process before the rows were kept: the window is filling again
            // from the sources; `observe` goes on once it holds enough labelled rows.
            if attempt.state == .triggered, case let labelled = await agent.labelledRows, labelled < policy.minLabelledRows {
                logger.info("retrain attempt \(attempt.id) waits for \(policy.minLabelledRows) labelled rows (the window holds \(labelled))")
                return
            }
            do {
                attempt = try await step(attempt)
            } catch RegistryError.attemptConflict {
                return  // another process moved it on
            } catch {
                logger.error("retrain attempt \(attempt.id) failed while \(attempt.state.rawValue): \(error)")
                do {
                    attempt = try await advance(attempt, to: .failed, AttemptUpdate(detail: "\(attempt.state.rawValue): \(error)"))
                } catch {
                    logger.error("retrain attempt \(attempt.id) could not be marked failed (driven again at the next evaluation): \(error)")
                    stalled = .attempt(attempt.id)
                    return
                }
            }
        }
    }

    /// Takes one step from the attempt's stored state and returns it as stored afterwards.
    public func step(_ attempt: RetrainAttempt) async throws -> RetrainAttempt {
        switch attempt.state {
        case .triggered:
            let (trainRows, holdoutRows) = try await prepareData(attempt)
            return try await advance(attempt, to: .training, AttemptUpdate(detail: "\(trainRows) rows to train on, \(holdoutRows) held out"))
        case .training:
            let version = try await train(attempt)
            return try await advance(attempt, to: .gating, AttemptUpdate(challengerVersion: version, detail: "registered version \(version)"),
                                     alias: AttemptAliasMove(alias: "challenger", version: version, kind: .move, reason: "retrain attempt \(attempt.id)", actor: "driftwatch-loop"))
        case .gating:
            let decided = try await gate(attempt)
            metrics.gateDecided(decided)
            return decided
        case .approved:
            return try await release(attempt, AttemptUpdate(detail: attempt.detail))
        case .promoting:
            guard let challenger = attempt.challengerVersion else { throw ModelGate.Failure(message: "no challenger to promote") }
            let reason = "retrain attempt \(attempt.id): \(attempt.metric ?? "score") \(Self.format(attempt.challengerScore)) vs champion \(Self.format(attempt.championScore))"
            // A rollout's traffic policy ends in the same transaction as the champion moves.
            let rolledOut = try await registry.store.trafficPolicy(model: model)?.challengerAlias == "challenger"
            let next = try await advance(attempt, to: .verifying, AttemptUpdate(detail: "champion is version \(challenger)"),
                                         alias: AttemptAliasMove(version: challenger, kind: .move, reason: reason, actor: "driftwatch-loop"),
                                         traffic: rolledOut ? TrafficStep(request: nil, reason: reason, actor: "driftwatch-loop") : nil)
            metrics.champion(challenger, movedAt: Date())
            await followChampion(challenger)
            return next
        case .awaitingApproval, .canary, .verifying, .watching, .promoted, .rejected, .failed, .rolledBack:
            return attempt
        }
    }

    /// The rows an attempt trains and gates on, as the registry keeps them.
    func attemptData(_ attempt: RetrainAttempt) async throws -> AttemptData {
        guard let data = try await registry.store.attemptData(id: attempt.id) else {
            throw ModelGate.Failure(message: "the registry holds no rows for attempt \(attempt.id)")
        }
        return data
    }

    /// Keeps the newest labelled rows in the registry as the training rows and the held-out rows
    /// (the newest share of them), so that training and the gate read the same rows even when
    /// another process, on another machine, resumes the attempt.
    func prepareData(_ attempt: RetrainAttempt) async throws -> (train: Int, holdout: Int) {
        let rows = await agent.labelledBatch(limit: policy.trainingRows)
        let holdout = max(1, Int((Double(rows.rowCount) * policy.holdout).rounded()))
        guard rows.rowCount - holdout >= 2 else {
            throw ModelGate.Failure(message: "\(rows.rowCount) labelled rows are too few to train on and hold out \(holdout)")
        }
        let columns = rows.schema.columns.map(\.name)
        var trainText = rows.csvHeader(columns: columns) + rows.selecting(rows: Array(0..<(rows.rowCount - holdout))).csvRows(columns: columns)
        if policy.mixReference {
            guard let data = challengers.data else { throw ModelGate.Failure(message: "loop.mix_reference needs the training data: set loop.training.data") }
            let reference = try DatasetReader.readBatch(path: data, schema: nil)
            trainText += reference.csvRows(columns: columns)
        }
        let holdoutText = rows.csvHeader(columns: columns) + rows.selecting(rows: Array((rows.rowCount - holdout)..<rows.rowCount)).csvRows(columns: columns)
        try await registry.store.saveAttemptData(id: attempt.id, AttemptData(train: Data(trainText.utf8), holdout: Data(holdoutText.utf8)))
        return (rows.rowCount - holdout, holdout)
    }

    /// Trains on the attempt's rows, with the champion's training config or the training command,
    /// and registers the result.
    func train(_ attempt: RetrainAttempt) async throws -> Int {
        // Both trainers read files: the rows go to a scratch folder for as long as training takes.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-retrain-\(model)-\(attempt.id)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let data = try await attemptData(attempt)
        let train = scratch.appendingPathComponent("train.csv")
        try data.train.write(to: train)
        switch challengers {
        case .trainer(var config):
            config.data = train.path
            let logger = logger
            let result = try await TrainingJob.run(config: config, registry: registry, codeVersion: codeVersion) { logger.debug("retrain: \($0)") }
            return result.version.version
        case .command(let command):
            let holdout = scratch.appendingPathComponent("holdout.csv")
            try data.holdout.write(to: holdout)
            return try await trainWithCommand(command, attempt: attempt, train: train.path, holdout: holdout.path, scratch: scratch)
        }
    }

    /// Scores champion and challenger on the held-out rows; promotes only a clear winner.
    func gate(_ attempt: RetrainAttempt) async throws -> RetrainAttempt {
        guard let challengerVersion = attempt.challengerVersion else { throw ModelGate.Failure(message: "no challenger was registered") }
        let challenger = try await registry.artifact(model: model, version: challengerVersion)
        let holdout = try DatasetReader.readBatch(try await attemptData(attempt).holdout, source: "held-out rows of attempt \(attempt.id)",
                                                  schema: SchemaSpec(columns: challenger.schema.columns.map { .init(name: $0.name, kind: $0.kind, role: $0.role) }))
        let challengerScore = try ModelGate.score(challenger, on: holdout, metric: metric)
        guard let championVersion = attempt.championVersion else {
            return try await advance(attempt, to: .promoting, AttemptUpdate(metric: metric, challengerScore: challengerScore, detail: "no champion to beat"))
        }
        let championScore = try ModelGate.score(try await registry.artifact(model: model, version: championVersion), on: holdout, metric: metric)
        let scores = AttemptUpdate(metric: metric, championScore: championScore, challengerScore: challengerScore,
                                   detail: "\(metric): challenger \(Self.format(challengerScore)) vs champion \(Self.format(championScore)) on \(holdout.rowCount) held-out rows")
        if ModelGate.beats(challengerScore, championScore, metric: metric, margin: policy.gateMargin) {
            if let refusal = try await trustedRefusal(challenger: challenger, championVersion: championVersion) {
                var rejected = scores
                rejected.detail = (scores.detail ?? "") + "; " + refusal
                return try await advance(attempt, to: .rejected, rejected)
            }
            if policy.approval == .manual {
                var waiting = scores
                waiting.detail = (scores.detail ?? "") + "; waits for approval: driftwatch models approve|reject \(model)"
                return try await advance(attempt, to: .awaitingApproval, waiting)
            }
            return try await release(attempt, scores)
        }
        var rejected = scores
        rejected.detail = (scores.detail ?? "") + "; not better by loop.gate_margin (\(policy.gateMargin))"
        return try await advance(attempt, to: .rejected, rejected)
    }

    /// Sends a challenger that passed the gate (and, with manual approval, a person) on its way:
    /// promoted at once, or into the rollout's first traffic step for the live comparison.
    func release(_ attempt: RetrainAttempt, _ scores: AttemptUpdate) async throws -> RetrainAttempt {
        guard let first = policy.rollout.firstRequest() else { return try await advance(attempt, to: .promoting, scores) }
        var rolling = scores
        rolling.detail = (scores.detail ?? "") + "; \(Self.describe(first)) for the live comparison"
        return try await advance(attempt, to: .canary, rolling,
                                 traffic: TrafficStep(request: first, reason: "retrain attempt \(attempt.id): gate passed", actor: "driftwatch-loop"))
    }

    /// Why the challenger may not be promoted whatever the window says: on labelled rows that do
    /// not come from the window (`loop.trusted_data`, else the training config's data) it lost more
    /// than `loop.trusted_margin` of the champion's skill. nil when it did not, or with the check off.
    func trustedRefusal(challenger: ModelArtifact, championVersion: Int) async throws -> String? {
        guard let margin = policy.trustedMargin else { return nil }
        guard let path = policy.trustedData ?? challengers.data else {
            return "no trusted rows to check it on: set loop.trusted_data (or loop.training.data), or trusted_margin: off"
        }
        let trusted = try DatasetReader.readBatch(path: path, schema: SchemaSpec(columns: challenger.schema.columns.map { .init(name: $0.name, kind: $0.kind, role: $0.role) }))
        let champion = try await registry.artifact(model: model, version: championVersion)
        let (challengerSkill, championSkill) = (try ModelGate.skill(challenger, on: trusted), try ModelGate.skill(champion, on: trusted))
        guard championSkill - challengerSkill > margin else { return nil }
        let measure = challenger.model.task == .regression ? "correlation with the truth" : "2·AUC − 1"
        return "on \(trusted.rowCount) trusted rows (\((path as NSString).lastPathComponent)) its \(measure) is \(Self.format(challengerSkill)) against the champion's \(Self.format(championSkill)): more than loop.trusted_margin (\(Self.format(margin))) worse, as a model trained on poisoned labels is"
    }

    /// Compares the new champion in production with what the old one scored on the held-out rows;
    /// rolls back when it is worse by more than the margin.
    func verify(_ attempt: RetrainAttempt, _ snapshot: Snapshot) async throws {
        guard let challenger = attempt.challengerVersion, snapshot.modelVersion == challenger else { return }
        guard let metric = attempt.metric, let reference = attempt.championScore, let previous = attempt.championVersion else {
            _ = try await advance(attempt, to: .promoted, AttemptUpdate(detail: "no previous champion to compare with"))
            return
        }
        guard let accuracy = snapshot.accuracy, accuracy.labelledRows >= policy.verifyRows, let live = accuracy.metric(metric) else { return }
        if ModelGate.isWorse(live, than: reference, metric: metric, margin: policy.verifyMargin) {
            let detail = "\(metric) \(Self.format(live)) in production vs \(Self.format(reference)) for version \(previous): rolled back"
            _ = try await advance(attempt, to: .rolledBack, AttemptUpdate(verifiedScore: live, detail: detail),
                                  alias: AttemptAliasMove(version: previous, kind: .rollback, reason: "retrain attempt \(attempt.id): \(detail)", actor: "driftwatch-loop"))
            metrics.champion(previous, movedAt: Date())
            await followChampion(previous)
        } else {
            _ = try await advance(attempt, to: .promoted, AttemptUpdate(verifiedScore: live, detail: "\(metric) \(Self.format(live)) in production over \(accuracy.labelledRows) labelled rows"))
        }
    }

    /// A rollout's step: widens the challenger's share, promotes it, or rolls it back, as the live
    /// comparison with the champion says (``Rollout/decide(_:weight:rows:)``).
    func roll(_ attempt: RetrainAttempt, _ snapshot: Snapshot) async throws {
        guard let challenger = attempt.challengerVersion else { return }
        let traffic = try await registry.store.trafficPolicy(model: model)
        let weight = traffic?.mode == .shadow ? nil : traffic?.weight
        let counted = await agent.labelledRows(version: challenger)
        if stepStart?.attempt != attempt.id || stepStart?.weight != weight { stepStart = (attempt.id, weight, counted) }
        let comparison = snapshot.comparison.flatMap { $0.challengerVersion == challenger && $0.championVersion == attempt.championVersion ? $0 : nil }
        let rows = counted - (stepStart?.rows ?? counted)
        let summary = comparison.map { "\($0.test): loss \(Self.format($0.challengerLoss)) vs \(Self.format($0.championLoss)) on \($0.challengerRows)/\($0.championRows) rows, p = \(Self.format($0.pValue))" } ?? ""
        switch policy.rollout.decide(comparison, weight: weight, rows: rows) {
        case .wait:
            return
        case .widen(let next):
            let request = TrafficRequest(mode: .canary, weight: next, key: policy.rollout.key)
            _ = try await advance(attempt, to: .canary, AttemptUpdate(detail: "canary at \(Self.format(next))%: not worse at \(Self.format(weight))% (\(summary))"),
                                  traffic: TrafficStep(request: request, reason: "retrain attempt \(attempt.id): not worse at \(Self.format(weight))%", actor: "driftwatch-loop"))
        case .promote:
            _ = try await advance(attempt, to: .promoting, AttemptUpdate(detail: "live comparison passed (\(summary))"))
            start(try await registry.store.activeAttempt(model: model) ?? attempt)
        case .rollBack(let why):
            // Traffic back to the champion: a canary's weight to 0, a shadow ended.
            let back = traffic?.mode == .canary ? TrafficRequest(mode: .canary, weight: 0, key: traffic?.key) : nil
            _ = try await advance(attempt, to: .rolledBack, AttemptUpdate(detail: why),
                                  traffic: TrafficStep(request: back, reason: "retrain attempt \(attempt.id): \(why)", actor: "driftwatch-loop"))
        }
    }

    static func describe(_ request: TrafficRequest) -> String {
        request.mode == .shadow ? "shadow traffic" : "\(request.mode.rawValue) at \(format(request.weight))%"
    }

    /// Switches the agent's reference to the version now champion at once (the reference watcher
    /// would too, a poll later), by the watcher's own path.
    private func followChampion(_ version: Int) async {
        do {
            try await reference.adopt(version: version)
        } catch {
            logger.error("the reference stays: \(error)")
        }
    }

    private func advance(_ attempt: RetrainAttempt, to state: LoopState, _ update: AttemptUpdate, alias: AttemptAliasMove? = nil,
                         traffic: TrafficStep? = nil) async throws -> RetrainAttempt {
        let next = try await registry.store.advanceAttempt(id: attempt.id, from: attempt.state, to: state, update: update, aliasMove: alias, traffic: traffic)
        logger.info("retrain attempt \(next.id): \(attempt.state.rawValue) → \(state.rawValue)\(update.detail.map { " (\($0))" } ?? "")")
        await record(next)
        return next
    }

    private func record(_ attempt: RetrainAttempt) async {
        metrics.record(attempt)
        await observer?(attempt)
    }

    static func format(_ value: Double?) -> String {
        value.map { String(format: "%.4g", $0) } ?? "—"
    }
}
