import DriftStatistics
import DriftwatchAgent
import DriftwatchData
import DriftwatchLearning
import Foundation

/// The loop's guard against poisoned labels, on simulated data: how often a challenger passes
/// both the window's gate (beats the champion on the window's held-out rows) and the trusted-rows
/// check (loses at most `trusted_margin` of the champion's skill on rows that never came from the
/// window), for real concept changes and for label-inverting poisoning, at several margins. Skill
/// is the correlation of the predictions with the truth (see `ModelGate.skill`).
///
/// The data: y = 2x + a zone effect + noise, x uniform on [0, 100), three zones. The champion is a
/// ridge model of 2,000 rows of it; the trusted rows are 1,000 more. Each trial draws a window of
/// 1,200 labelled rows, a quarter of them held out, and trains the challenger on the rest with the
/// same features:
/// - a concept change: slope × U(0.5, 1.5), an offset of U(−2, 2) standard deviations of y, each
///   zone's effect redrawn with probability 0.3;
/// - poisoning: the true labels inverted around their mean (y' = 2·mean − y), on every row or on
///   a share of them.
func trustedGuardSimulation(trials: Int) throws {
    var generator = SplitMix64(seed: 2026)
    func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
    func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
    let zones = ["a", "b", "c"]
    let schema = Schema(columns: [.init(name: "x", kind: .numeric), .init(name: "zone", kind: .categorical), .init(name: "y", kind: .numeric, role: .target)])
    func batch(_ rows: [(x: Double, zone: Int, y: Double)]) -> ColumnarBatch {
        ColumnarBatch(schema: schema, rowCount: rows.count, columns: [.numeric(NumericColumn(values: rows.map(\.x))),
                                                                      .categorical(CategoricalColumn(values: rows.map { Optional(zones[$0.zone]) })),
                                                                      .numeric(NumericColumn(values: rows.map(\.y)))])
    }
    func rows(_ n: Int, slope: Double = 2, offset: Double = 0, effects: [Double] = [0, 10, -10]) -> [(x: Double, zone: Int, y: Double)] {
        (0..<n).map { _ in
            let x = uniform() * 100, zone = Int(generator.next() % 3)
            return (x, zone, slope * x + offset + effects[zone] + 5 * normal())
        }
    }
    func fit(_ data: ColumnarBatch) throws -> ModelArtifact {
        let encoder = try FeatureEncoder.fit(FeatureSpec(numeric: ["x"], categorical: ["zone"]), on: data)
        guard case .numeric(let target)? = data.column(named: "y") else { throw CocoaError(.fileReadUnknown) }
        let model = Model(kind: .ridge, task: .regression, encoder: encoder, fitted: .linear(try Ridge.fit(try encoder.encode(data), target.values, alpha: 0.1)))
        return ModelArtifact(model: model, schema: schema, target: "y", predictionColumn: "p", params: [:], metrics: [:],
                             training: TrainingProvenance(fingerprint: "", rows: data.rowCount, codeVersion: "simulation", trainedAt: Date(), seed: 0))
    }
    let champion = try fit(batch(rows(2000)))
    let trusted = batch(rows(1000))
    let championSkill = try ModelGate.skill(champion, on: trusted)
    let margins: [Double?] = [0.1, 0.25, 0.5, 1, 1.5, nil]

    /// For each trial, whether the window's gate passed and the skill the challenger lost on the trusted rows.
    func outcomes(_ window: () -> [(x: Double, zone: Int, y: Double)]) throws -> [(passed: Bool, drop: Double)] {
        try (0..<trials).map { _ in
            let all = window()
            let holdout = batch(Array(all.suffix(300))), train = batch(Array(all.prefix(all.count - 300)))
            let challenger = try fit(train)
            let passed = ModelGate.beats(try ModelGate.score(challenger, on: holdout, metric: "rmse"), try ModelGate.score(champion, on: holdout, metric: "rmse"),
                                         metric: "rmse", margin: 0.01)
            return (passed, championSkill - (try ModelGate.skill(challenger, on: trusted)))
        }
    }
    let deviation = (4 * 100 * 100 / 12.0 + 25 + 200 / 3).squareRoot()
    let change = try outcomes {
        var effects = [0.0, 10, -10]
        for zone in 0..<3 where uniform() < 0.3 { effects[zone] = (uniform() - 0.5) * 40 }
        return rows(1200, slope: 2 * (0.5 + uniform()), offset: (uniform() - 0.5) * 4 * deviation, effects: effects)
    }
    func poisoned(share: Double) throws -> [(passed: Bool, drop: Double)] {
        try outcomes {
            let honest = rows(1200)
            let mean = honest.map(\.y).reduce(0, +) / Double(honest.count)
            return honest.map { uniform() < share ? ($0.x, $0.zone, 2 * mean - $0.y) : $0 }
        }
    }
    let inverted = try poisoned(share: 1), half = try poisoned(share: 0.6), some = try poisoned(share: 0.4)
    print("trusted-rows guard, \(trials) trials each; champion's correlation with the truth on the trusted rows \(String(format: "%.3f", championSkill))")
    for (name, outcome) in [("concept change", change), ("all labels inverted", inverted), ("60 % of labels inverted", half), ("40 % of labels inverted", some)] {
        let drops = outcome.map(\.drop).sorted()
        print(String(format: "  %@: window gate passed %.1f %%; correlation lost on trusted rows: median %.2f, 5th–95th percentile %.2f–%.2f", name,
                     100 * Double(outcome.filter(\.passed).count) / Double(trials), median(drops), drops[drops.count / 20], drops[drops.count * 19 / 20]))
    }
    print("  promoted (window gate and trusted check), by trusted_margin:")
    for margin in margins {
        func rate(_ outcome: [(passed: Bool, drop: Double)]) -> Double {
            let promoted = outcome.filter { trial in trial.passed && (margin == nil || trial.drop <= margin!) }
            return 100 * Double(promoted.count) / Double(trials)
        }
        print(String(format: "    %@: concept change %.1f %%, all inverted %.1f %%, 60 %% inverted %.1f %%, 40 %% inverted %.1f %%",
                     margin.map { String(format: "%.2f", $0) } ?? "off ", rate(change), rate(inverted), rate(half), rate(some)))
    }
}
