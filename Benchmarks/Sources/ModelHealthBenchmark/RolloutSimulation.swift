import DriftStatistics
import DriftwatchAgent

/// `rollout [TRIALS]`: the loop's rollout decisions (``Rollout/decide(_:weight:rows:)`` on the
/// agent's ``ChallengerComparison``) on simulated labelled traffic, 1,000 rows per evaluation:
/// how often a challenger that is as good as the champion, 10 % worse, or 10 % better (mean
/// squared error; error rate for a classifier) ends promoted or rolled back, with the defaults
/// (alpha 0.05, 200 rows per step, canary steps 5 → 25 → 50 → 100 %).
func rolloutSimulation(trials: Int) {
    enum Traffic: String { case canary, shadow }
    enum Task: String { case regressor, classifier }
    print("rollout decisions on simulated traffic, \(trials) trials each (alpha 0.05, 200 labelled challenger rows per step, comparison over the newest 20,000 rows):")
    for task in [Task.regressor, .classifier] {
        for traffic in [Traffic.canary, .shadow] {
            for (name, effect) in [("equal", 0.0), ("10% worse", 0.1), ("10% better", -0.1)] {
                for require in [Rollout.Requirement.notWorse, .better] {
                    var promoted = 0, rolledBack = 0, undecided = 0, rows: [Double] = []
                    var noise = Noise(generator: SplitMix64(seed: UInt64(trials) &* 7919 &+ UInt64(abs(effect * 100)) &+ (require == .better ? 1 : 0)))
                    for _ in 0..<trials {
                        var rollout = Rollout()
                        rollout.mode = traffic == .shadow ? .shadow : .canary
                        rollout.require = require
                        var outcomes: [VersionOutcomes.Outcome] = []
                        var weight: Double? = traffic == .shadow ? nil : rollout.steps[0]
                        var challengerRows = 0, stepStart = 0
                        var decided = false
                        for _ in 0..<400 {
                            for _ in 0..<1000 {
                                let toChallenger = weight.map { noise.uniform() * 100 < $0 } ?? false
                                switch task {
                                case .regressor:
                                    // Two models' errors on the same row are correlated (they learnt the same signal).
                                    let shared = noise.normal(), own = noise.normal()
                                    let championError = shared, challengerError = (0.8 * shared + 0.6 * own) * (1 + effect).squareRoot()
                                    if traffic == .shadow {
                                        outcomes.append(.init(version: 1, loss: championError * championError, shadowVersion: 2, shadowLoss: challengerError * challengerError))
                                    } else {
                                        outcomes.append(.init(version: toChallenger ? 2 : 1, loss: toChallenger ? challengerError * challengerError : championError * championError))
                                    }
                                case .classifier:
                                    let u = noise.uniform(), championMiss = u < 0.2 ? 1.0 : 0.0
                                    // The challenger misses the same rows mostly, a few others, at (1 + effect) × 20 %.
                                    let rate = 0.2 * (1 + effect), keep = min(1, rate / 0.2) * 0.9
                                    let challengerMiss: Double = championMiss == 1 ? (noise.uniform() < keep ? 1 : 0) : (noise.uniform() < (rate - 0.2 * keep) / 0.8 ? 1 : 0)
                                    if traffic == .shadow {
                                        outcomes.append(.init(version: 1, loss: championMiss, shadowVersion: 2, shadowLoss: challengerMiss))
                                    } else {
                                        outcomes.append(.init(version: toChallenger ? 2 : 1, loss: toChallenger ? challengerMiss : championMiss))
                                    }
                                }
                                if traffic == .shadow || toChallenger { challengerRows += 1 }
                            }
                            if outcomes.count > 20_000 { outcomes.removeFirst(outcomes.count - 20_000) }
                            let comparison = ChallengerComparison.compare(outcomes, champion: 1, task: task == .regressor ? .regression : .binaryClassification,
                                                                          minRows: 200, alpha: 0.05)
                            switch rollout.decide(comparison, weight: weight, rows: challengerRows - stepStart) {
                            case .wait: continue
                            case .widen(let next):
                                weight = next
                                stepStart = challengerRows
                                continue
                            case .promote: promoted += 1
                            case .rollBack: rolledBack += 1
                            }
                            rows.append(Double(challengerRows))
                            decided = true
                            break
                        }
                        if !decided { undecided += 1 }
                    }
                    print(String(format: "  %@ %@, challenger %@, require %@: promoted %.1f%%, rolled back %.1f%%, undecided %.1f%%; median %.0f challenger rows to the decision",
                                 task.rawValue, traffic.rawValue, name, require.rawValue, 100 * Double(promoted) / Double(trials), 100 * Double(rolledBack) / Double(trials),
                                 100 * Double(undecided) / Double(trials), rows.isEmpty ? .nan : median(rows)))
                }
            }
        }
    }
}
