import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
import GRDB
import Logging
import Testing
@testable import DriftwatchAgent

/// The loop end to end in one process, against a real registry directory (SQLite file and
/// artifacts): a champion trained on y = 2x, production switching to y = 3x + 20.
struct LoopFixture {
    let directory: URL
    let registry: Registry
    let trainingPath: String

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: 5)
        var csv = "x,zone,y\n"
        for _ in 0..<1500 {
            let x = Double(generator.next() % 1000) / 10
            csv += "\(x),\(["a", "b", "c"][Int(generator.next() % 3)]),\(2 * x + Double(generator.next() % 100) / 100)\n"
        }
        try Data(csv.utf8).write(to: directory.appendingPathComponent("reference.csv"))
        trainingPath = directory.appendingPathComponent("train.yaml").path
        try Data("""
            experiment: loop
            model: rides
            data: reference.csv
            target: y
            prediction: p
            features: {numeric: [x], categorical: [zone]}
            estimator: {kind: ridge, params: {alpha: 0.1}}
            search: {validation: 0.2, metric: rmse}
            """.utf8).write(to: URL(fileURLWithPath: trainingPath))
        registry = try Registry.open(directory: directory.appendingPathComponent("registry").path)
        let first = try await TrainingJob.run(config: TrainingConfig.load(path: trainingPath), registry: registry, codeVersion: "test") { _ in }
        try await registry.promote(model: "rides", version: first.version.version, reason: "first", actor: "test")
    }

    func configuration(_ loop: String = "", top: String = "") throws -> AgentConfiguration {
        try AgentConfiguration.parse(yaml: """
            \(top)
            model: rides
            reference: {registry: \(registry.location)}
            window: {rows: 2000}
            min_rows: 100
            loop: {training: \(trainingPath), min_labelled_rows: 200, verify_rows: 100\(loop.contains("cooldown") ? "" : ", cooldown: 0")\(loop)}
            """, source: "agent.yaml", environment: [:])
    }

    /// A process: an agent and its coordinator on the shared registry.
    func process(_ loop: String = "", top: String = "", drives: Bool = true) async throws -> (Agent, RetrainCoordinator) {
        let configuration = try configuration(loop, top: top)
        let agent = try await Agent.start(configuration: configuration, version: "test")
        let coordinator = RetrainCoordinator(agent: agent, registry: registry, policy: configuration.loop!, training: try TrainingConfig.load(path: trainingPath),
                                             codeVersion: "test", logger: Logger(label: "test"), drivesAttempts: drives)
        return (agent, coordinator)
    }

    /// Rows of the new concept y = 3x + 20 with a model's predictions `predict(x)`, labelled.
    static func rows(_ n: Int, seed: UInt64, predict: (Double) -> Double) -> [ObservedRow] {
        var generator = SplitMix64(seed: seed)
        return (0..<n).map { i in
            let x = Double(generator.next() % 1000) / 10
            return ObservedRow(id: "s\(seed)-\(i)", values: ["x": .number(x), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(predict(x))],
                               actual: .number(3 * x + 20 + Double(generator.next() % 100) / 100), receivedAt: 0)
        }
    }

    func champion() async throws -> Int? { try await registry.store.aliasVersion(model: "rides", alias: "champion") }

    /// A process that took 400 labelled rows and began a manual attempt without driving it (it
    /// then dies, or takes steps one at a time); the rows, its coordinator and the attempt.
    func begunAttempt(seed: UInt64) async throws -> (rows: [ObservedRow], loop: RetrainCoordinator, attempt: RetrainAttempt) {
        let rows = LoopFixture.rows(400, seed: seed) { 2 * $0 }
        let (agent, loop) = try await process(drives: false)
        await agent.ingest(rows)
        guard case .started(let attempt) = await loop.request(trigger: "manual", manual: true) else { throw CancellationError() }
        return (rows, loop, attempt)
    }
}

@Suite(.serialized) struct RetrainLoopTests {
    @Test func aConceptChangeIsRetrainedGatedPromotedAndVerified() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process()
        await loop.resume()
        // The champion predicts about 2x; the truth is now 3x + 20.
        await agent.ingest(LoopFixture.rows(400, seed: 1) { 2 * $0 })
        // One bad evaluation is not enough (accuracy_evaluations defaults to 2)…
        await loop.observe(try #require(try await agent.evaluate()))
        #expect(try await fixture.registry.store.attempts(model: "rides", limit: 1).isEmpty)
        // …the second in a row starts a retrain.
        await loop.observe(try #require(try await agent.evaluate()))
        await loop.settle()
        let attempt = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(attempt.trigger.hasPrefix("accuracy: rmse"))
        #expect(attempt.state == .verifying, "\(attempt.detail)")
        let challenger = try #require(attempt.challengerVersion)
        #expect(try await fixture.champion() == challenger)
        #expect(try await fixture.registry.store.aliasVersion(model: "rides", alias: "challenger") == challenger)
        let challengerScore = try #require(attempt.challengerScore), championScore = try #require(attempt.championScore)
        #expect(challengerScore < championScore)
        // The agent now compares with the new champion's training data, from a fresh window.
        #expect(await agent.referenceVersion == challenger)
        #expect(await agent.windowRows == 0)
        // The new model does well in production: verified and kept.
        await agent.ingest(LoopFixture.rows(200, seed: 2) { 3 * $0 + 20.5 })
        await loop.observe(try #require(try await agent.evaluate()))
        let verified = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(verified.state == .promoted && verified.verifiedScore != nil)
        let metrics = agent.exporter.render()
        #expect(metrics.contains("driftwatch_retrains_total{model=\"rides\",outcome=\"promoted\"} 1"))
        #expect(metrics.contains("driftwatch_champion_version{model=\"rides\"} \(challenger).0"))
        #expect(metrics.contains("driftwatch_loop_state{model=\"rides\",state=\"watching\"} 1.0"))
        // The new champion's validation metrics stand next to its live ones.
        let validation = try #require(try await fixture.registry.store.version(model: "rides", version: challenger)?.metrics["rmse"])
        #expect(metrics.contains("driftwatch_reference_model_quality{model=\"rides\",metric=\"rmse\"} \(validation)"))
        #expect(metrics.contains("driftwatch_prediction_drift{model=\"rides\",column=\"p\"} 0.0"))
    }

    /// Whoever can post labels inverts them (y' = 200 − y around the mean of y = 2x): the window's
    /// own gate is fooled, the trusted rows (the training config's data) are not.
    @Test func aChallengerTrainedOnInvertedLabelsIsRejectedOnTheTrustedRows() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process()
        func poisoned() -> [ObservedRow] {
            var generator = SplitMix64(seed: 21)
            return (0..<400).map { i in
                let x = Double(generator.next() % 1000) / 10
                return ObservedRow(id: "poison-\(i)", values: ["x": .number(x), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(2 * x)],
                                   actual: .number(200 - 2 * x), receivedAt: 0)
            }
        }
        await agent.ingest(poisoned())
        guard case .started = await loop.request(trigger: "manual", manual: true) else { throw CancellationError() }
        await loop.settle()
        let attempt = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(attempt.state == .rejected, "\(attempt.state): \(attempt.detail)")
        #expect(try #require(attempt.challengerScore) < (try #require(attempt.championScore)))  // the window's gate alone would promote it
        #expect(attempt.detail.contains("trusted rows (reference.csv)") && attempt.detail.contains("loop.trusted_margin"), "\(attempt.detail)")
        #expect(try await fixture.champion() == 1)
        // With the check off, the same window gets the poisoned model promoted: the check is what stops it.
        let (openAgent, openLoop) = try await fixture.process(", trusted_margin: off")
        await openAgent.ingest(poisoned())
        guard case .started = await openLoop.request(trigger: "manual", manual: true) else { throw CancellationError() }
        await openLoop.settle()
        #expect(try await fixture.registry.store.attempts(model: "rides", limit: 1).first?.state == .verifying)
    }

    @Test func aPromotionThatDoesWorseInProductionIsRolledBack() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process()
        await agent.ingest(LoopFixture.rows(400, seed: 3) { 2 * $0 })
        let result = await loop.request(trigger: "manual", manual: true)
        guard case .started = result else { Issue.record("not started: \(result)"); return }
        await loop.settle()
        let promoted = try #require(try await fixture.registry.store.activeAttempt(model: "rides"))
        #expect(promoted.state == .verifying)
        // Production goes badly for the new champion (its predictions are far off).
        await agent.ingest(LoopFixture.rows(200, seed: 4) { _ in 0 })
        await loop.observe(try #require(try await agent.evaluate()))
        let ended = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(ended.state == .rolledBack, "\(ended.detail)")
        #expect(try await fixture.champion() == promoted.championVersion)
        #expect(await agent.referenceVersion == promoted.championVersion)
        #expect(try await fixture.registry.store.auditLog(model: "rides").last?.kind == .rollback)
        // Backing off: with a cooldown set, an automatic trigger right after the rollback is refused.
        let (strictAgent, strict) = try await fixture.process(", cooldown: 3600")
        await strictAgent.ingest(LoopFixture.rows(300, seed: 5) { 2 * $0 })
        guard case .refused(let why) = await strict.request(trigger: "drift", manual: false) else {
            Issue.record("expected the cooldown to refuse")
            return
        }
        #expect(why.hasPrefix("cooling down"))
    }

    @Test func theGateRejectsAChallengerThatIsNotBetter() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process(", gate_margin: 0.5")
        // Production follows the old concept: a retrain cannot do much better than the champion.
        var generator = SplitMix64(seed: 9)
        await agent.ingest((0..<400).map { i in
            let x = Double(generator.next() % 1000) / 10
            return ObservedRow(id: "o\(i)", values: ["x": .number(x), "zone": .text("a"), "p": .number(2 * x)],
                               actual: .number(2 * x + Double(generator.next() % 100) / 100), receivedAt: 0)
        })
        _ = await loop.request(trigger: "manual", manual: true)
        await loop.settle()
        let attempt = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(attempt.state == .rejected && attempt.championScore != nil && attempt.challengerScore != nil)
        #expect(try await fixture.champion() == attempt.championVersion)
    }

    @Test func refusesWithoutEnoughLabelledRowsAndNeverRunsTwoAtOnce() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process(drives: false)
        guard case .refused(let reason) = await loop.request(trigger: "manual", manual: true) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(reason.contains("labelled rows"))
        await agent.ingest(LoopFixture.rows(300, seed: 6) { 2 * $0 })
        guard case .started(let first) = await loop.request(trigger: "manual", manual: true) else {
            Issue.record("expected a start")
            return
        }
        // A second process (another agent on the same registry) cannot start another.
        let (otherAgent, other) = try await fixture.process(drives: false)
        await otherAgent.ingest(LoopFixture.rows(300, seed: 7) { 2 * $0 })
        #expect(await other.request(trigger: "manual", manual: true) == .busy(first))
    }

    @Test func aTrainingErrorEndsTheAttemptFailedAndTheChampionKeepsServing() async throws {
        let fixture = try await LoopFixture()
        // The training config now asks for a feature production rows do not have.
        let broken = try String(contentsOfFile: fixture.trainingPath, encoding: .utf8).replacingOccurrences(of: "numeric: [x]", with: "numeric: [x, speed]")
        try Data(broken.utf8).write(to: URL(fileURLWithPath: fixture.trainingPath))
        let (brokenAgent, brokenLoop) = try await fixture.process(", mix_reference: true")
        await brokenAgent.ingest(LoopFixture.rows(400, seed: 12) { 2 * $0 })
        _ = await brokenLoop.request(trigger: "manual", manual: true)
        await brokenLoop.settle()
        let failed = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(failed.state == .failed)
        #expect(failed.detail.hasPrefix("training: ") && failed.detail.contains("speed"), "\(failed.detail)")
        #expect(try await fixture.champion() == failed.championVersion)
        #expect(brokenAgent.exporter.render().contains("driftwatch_retrains_total{model=\"rides\",outcome=\"failed\"} 1"))
        // The rows a retrain learns from: the window's newest labelled rows, with the training
        // config's own data added when mix_reference is set (1,500 rows in the fixture).
        let rows = try #require(try await fixture.registry.store.attemptData(id: failed.id))
        let train = String(decoding: rows.train, as: UTF8.self), holdout = String(decoding: rows.holdout, as: UTF8.self)
        #expect(train.split(separator: "\n").count - 1 == 300 + 1500)
        #expect(holdout.split(separator: "\n").count - 1 == 100)
    }

    /// Kill the process at every step boundary (and once inside training, after the challenger is
    /// registered but before the step is stored); a new process resumes to a consistent end.
    @Test(arguments: 0...4)
    func aRestartAtAnyStepBoundaryResumesConsistently(stepsBeforeCrash: Int) async throws {
        let fixture = try await LoopFixture()
        var (rows, loop, attempt) = try await fixture.begunAttempt(seed: 8)
        for _ in 0..<stepsBeforeCrash where attempt.state != .verifying { attempt = try await loop.step(attempt) }
        if stepsBeforeCrash == 4 {
            // Crash mid-training: the challenger is registered, the step is not stored.
            let crashed = try #require(try await fixture.registry.store.activeAttempt(model: "rides"))
            if crashed.state == .training { _ = try await loop.train(crashed) }
        }
        // The process dies; a new one starts from the registry (and its restored window).
        let agent: Agent
        (agent, loop) = try await fixture.process()
        await agent.ingest(rows)
        await loop.resume()
        await loop.settle()
        let resumed = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 5).first)
        #expect(resumed.id == attempt.id)
        #expect(resumed.state == .verifying, "\(resumed.state): \(resumed.detail)")
        let champion = try #require(try await fixture.champion())
        #expect(champion == resumed.challengerVersion)
        let stored = try #require(try await fixture.registry.store.version(model: "rides", version: champion))
        #expect(FileManager.default.fileExists(atPath: (fixture.registry.location as NSString).appendingPathComponent(stored.artifactPath)))
        #expect(try await fixture.registry.store.attempts(model: "rides", limit: 5).filter { $0.state.isActive }.count == 1)
        // One promotion in the audit log after the first one, whatever the crash point.
        #expect(try await fixture.registry.store.auditLog(model: "rides").filter { $0.alias == "champion" }.count == 2)
    }

    /// A step that stops the process every time (a crash loop): once it has stopped the process
    /// twice at the same state, the next process ends the attempt failed instead of running the
    /// step again.
    @Test func anAttemptThatKeepsStoppingTheProcessEndsFailed() async throws {
        let fixture = try await LoopFixture()
        var (_, loop, attempt) = try await fixture.begunAttempt(seed: 10)
        attempt = try await loop.step(attempt)
        #expect(attempt.state == .training)
        // The process dies in the step; the next one resumes it and dies in it again.
        #expect(try await fixture.registry.store.recordResume(id: attempt.id, state: .training) == 1)
        let (_, third) = try await fixture.process()
        await third.resume()
        await third.settle()
        let ended = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(ended.id == attempt.id && ended.state == .failed, "\(ended.state): \(ended.detail)")
        #expect(ended.detail.contains("stopped 2 times while the attempt was at 'training'"))
        #expect(try await fixture.champion() == 1)
    }

    /// Killed after the trigger, before the rows were kept: the new process's window starts empty.
    /// The attempt waits for the sources to refill it instead of failing for want of rows.
    @Test func anAttemptResumedBeforeItsRowsWereKeptWaitsForTheWindowToRefill() async throws {
        let fixture = try await LoopFixture()
        let (rows, _, attempt) = try await fixture.begunAttempt(seed: 9)
        let (agent, loop) = try await fixture.process()
        await loop.resume()
        await loop.settle()
        let waiting = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(waiting.id == attempt.id && waiting.state == .triggered, "\(waiting.state): \(waiting.detail)")
        // The window refills; the next evaluation lets the attempt go on.
        await agent.ingest(rows)
        await loop.observe(try #require(try await agent.evaluate()))
        await loop.settle()
        let resumed = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(resumed.id == attempt.id && resumed.state == .verifying, "\(resumed.state): \(resumed.detail)")
    }

    /// The registry cannot be read when a new process resumes (here its attempts table is out of
    /// reach for a moment): the attempt left mid-way is driven at the next evaluation instead of
    /// being left active with nobody to finish it.
    @Test func anAttemptThatCouldNotBeReadOnResumeIsDrivenAtTheNextEvaluation() async throws {
        let fixture = try await LoopFixture()
        let (rows, firstLoop, started) = try await fixture.begunAttempt(seed: 10)
        let training = try await firstLoop.step(started)
        #expect(training.state == .training)
        let database = try DatabaseQueue(path: (fixture.registry.location as NSString).appendingPathComponent(Registry.databaseName))
        try await database.write { db in try db.execute(sql: "ALTER TABLE retrain_attempt RENAME TO retrain_attempt_away") }
        let (agent, loop) = try await fixture.process()
        await loop.resume()
        await loop.settle()
        try await database.write { db in try db.execute(sql: "ALTER TABLE retrain_attempt_away RENAME TO retrain_attempt") }
        #expect(try await fixture.registry.store.attempts(model: "rides", limit: 1).first?.state == .training)
        await agent.ingest(rows)
        await loop.observe(try #require(try await agent.evaluate()))
        await loop.settle()
        let resumed = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(resumed.id == started.id && resumed.state == .verifying, "\(resumed.state): \(resumed.detail)")
    }
}

@Suite struct ConceptDriftTriggerTests {
    @Test func aChangeInTheErrorsStartsARetrainWhenTheTriggerIsOn() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process(", trigger: {drift_evaluations: 0, accuracy_margin: off, concept_drift: true}")
        await loop.resume()
        // The champion's own concept first (errors at its validation level), then y = 3x + 20.
        var generator = SplitMix64(seed: 9)
        let calm = (0..<600).map { i in
            let x = Double(generator.next() % 1000) / 10
            return ObservedRow(id: "c\(i)", values: ["x": .number(x), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(2 * x + 0.5)],
                               actual: .number(2 * x + Double(generator.next() % 100) / 100), receivedAt: 0)
        }
        await agent.ingest(calm)
        await loop.observe(try #require(try await agent.evaluate()))
        #expect(try await fixture.registry.store.attempts(model: "rides", limit: 1).isEmpty, "no change yet, no retrain")
        await agent.ingest(LoopFixture.rows(400, seed: 1) { 2 * $0 + 0.5 })
        let snapshot = try #require(try await agent.evaluate())
        #expect(!snapshot.conceptDrift.isEmpty)
        await loop.observe(snapshot)
        await loop.settle()
        let attempt = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(attempt.trigger.hasPrefix("concept_drift: "), "\(attempt.trigger)")
    }

    @Test func theTriggerNeedsTheDetectors() throws {
        #expect {
            try AgentConfiguration.parse(yaml: "model: m\nreference: {registry: r}\nconcept_drift: off\nloop: {training: t.yaml, trigger: {concept_drift: true}}\n", source: "a.yaml", environment: [:])
        } throws: { "\($0)".contains("loop.trigger.concept_drift needs the concept-drift detectors") }
    }
}
