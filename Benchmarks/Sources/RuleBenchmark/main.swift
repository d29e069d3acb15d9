import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import DriftwatchReport
import Foundation

/// Simulated monitoring traffic: how often the drift rules raise false alarms on stationary
/// data, and how many evaluations they need to flag a known shift of PSI ≈ 0.2.
///
/// Ten columns (six numeric, four categorical); a 100,000-row reference; a sliding window of
/// 20,000 rows evaluated every 10,000 new rows. Half of the columns drift in the shift scenario,
/// each by a shift calibrated to PSI 0.2 on a large sample.
///
/// Usage: RuleBenchmark [stationary evaluations] [shift trials]
let stationaryEvaluations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1000 : 1000
let shiftTrials = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 100 : 100
let windowRows = 20_000, stepRows = 10_000, referenceRows = 100_000

struct Stream {
    var generator: SplitMix64
    mutating func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
    mutating func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
    mutating func category(_ cumulative: [Double]) -> Int {
        let u = uniform()
        return cumulative.firstIndex { u <= $0 } ?? cumulative.count - 1
    }
}

func cumulative(_ weights: [Double]) -> [Double] {
    let total = weights.reduce(0, +)
    var sum = 0.0
    return weights.map { sum += $0 / total; return sum }
}

let categoryWeights: [[Double]] = [
    [0.62, 0.2, 0.1, 0.05, 0.03],
    (1...12).map { 1 / Double($0) },
    (1...30).map { 1 / pow(Double($0), 0.8) },
    [0.5, 0.3, 0.2],
]
let numericNames = ["distance", "fare", "hour", "tip", "speed", "wait"], categoricalNames = ["payment", "zone", "vendor_zone", "rate_code"]
let driftingNumeric: Set<Int> = [0, 1, 4], driftingCategorical: Set<Int> = [1, 2]

/// Shift parameters per drifting column (by column index 0–9); empty for stationary rows.
typealias Shift = [Int: Double]

/// One row's values; `shift` moves the drifting columns.
func row(_ s: inout Stream, shift: Shift) -> (numeric: [Double], categorical: [Int]) {
    let z = s.normal()
    var numeric = [
        exp(0.9 + 0.6 * z),                        // distance: lognormal
        2.5 + 3 * abs(s.normal()),                 // fare: half-normal
        Double(Int(s.uniform() * 24)),             // hour: ties
        s.uniform() < 0.3 ? 0 : 0.1 + 0.05 * s.normal(),  // tip: point mass at zero
        25 + 8 * s.normal(),                       // speed: normal
        -log(max(s.uniform(), 1e-300)) * 120,      // wait: exponential
    ]
    numeric[0] *= exp(0.6 * (shift[0] ?? 0))      // log-mean moved by that many σ
    numeric[1] += 3 * (shift[1] ?? 0)
    numeric[4] += 8 * (shift[4] ?? 0)
    var categorical: [Int] = []
    for (index, weights) in categoryWeights.enumerated() {
        var w = weights
        if let amount = shift[6 + index] {
            // Move mass towards the rare categories: mix with the reversed distribution.
            let mix = min(1, amount)
            w = zip(weights, weights.reversed()).map { (1 - mix) * $0 + mix * $1 }
        }
        categorical.append(s.category(cumulative(w)))
    }
    return (numeric, categorical)
}

func batch(_ rows: [(numeric: [Double], categorical: [Int])]) -> ColumnarBatch {
    let schema = Schema(columns: numericNames.map { ColumnSchema(name: $0, kind: .numeric) } + categoricalNames.map { ColumnSchema(name: $0, kind: .categorical) })
    var columns: [Column] = (0..<6).map { column in .numeric(NumericColumn(values: rows.map { $0.numeric[column] })) }
    for (index, weights) in categoryWeights.enumerated() {
        columns.append(.categorical(CategoricalColumn(codes: rows.map { Int32($0.categorical[index]) }, categories: (0..<weights.count).map { "c\($0)" })))
    }
    return ColumnarBatch(schema: schema, rowCount: rows.count, columns: columns)
}

func rows(_ count: Int, _ s: inout Stream, shift: Shift) -> [(numeric: [Double], categorical: [Int])] {
    (0..<count).map { _ in row(&s, shift: shift) }
}

var stream = Stream(generator: SplitMix64(seed: 2026))
let reference = ReferenceProfile(batch: batch(rows(referenceRows, &stream, shift: [:])))

// Calibrate each drifting column's shift to PSI 0.2 on a large sample, by bisection.
let driftingColumns = driftingNumeric.sorted() + driftingCategorical.sorted().map { $0 + 6 }
func psi(column: Int, amount: Double) async throws -> Double {
    var s = Stream(generator: SplitMix64(seed: 7))
    let report = try await DriftEvaluator().evaluate(profile: reference, current: batch(rows(100_000, &s, shift: [column: amount])))
    return report.columns[column].psi ?? 0
}
var shift: Shift = [:]
for column in driftingColumns {
    var low = 0.0, high = 1.0
    for _ in 0..<18 {
        let mid = (low + high) / 2
        if try await psi(column: column, amount: mid) < 0.2 { low = mid } else { high = mid }
    }
    shift[column] = (low + high) / 2
}
var calibration = Stream(generator: SplitMix64(seed: 8))
let calibrated = try await DriftEvaluator().evaluate(profile: reference, current: batch(rows(200_000, &calibration, shift: shift)))
print("shift calibrated per column to PSI 0.2 (fresh sample): " + driftingColumns.map { String(format: "%@ %.3f", calibrated.columns[$0].name, calibrated.columns[$0].psi ?? 0) }.joined(separator: ", "))

struct Rule {
    var name: String
    var options: DriftOptions
}
var plain = DriftOptions()
var combined = DriftOptions()
combined.minimumPSI = 0.1
let rules = [Rule(name: "p < 0.05 (KS / chi-square alone)", options: plain), Rule(name: "p < 0.05 and PSI >= 0.1 (combined)", options: combined)]
_ = plain

// Stationary traffic.
var window = rows(windowRows, &stream, shift: [:])
var datasetAlarms = [Int](repeating: 0, count: rules.count), columnAlarms = [Int](repeating: 0, count: rules.count)
let start = Date()
for _ in 0..<stationaryEvaluations {
    window = Array(window.dropFirst(stepRows)) + rows(stepRows, &stream, shift: [:])
    let current = batch(window)
    for (index, rule) in rules.enumerated() {
        let report = try await DriftEvaluator(options: rule.options).evaluate(profile: reference, current: current)
        if report.dataset.drift { datasetAlarms[index] += 1 }
        columnAlarms[index] += report.dataset.driftedColumns
    }
}
print(String(format: "stationary: %d evaluations of a %d-row window (every %d rows), 10 columns, %.1f s", stationaryEvaluations, windowRows, stepRows, Date().timeIntervalSince(start)))
for (index, rule) in rules.enumerated() {
    print(String(format: "  %@: dataset false alarms %d (%.2f per 1,000 evaluations); column false alarms %.2f%% of column evaluations",
                 rule.name, datasetAlarms[index], Double(datasetAlarms[index]) * 1000 / Double(stationaryEvaluations),
                 Double(columnAlarms[index]) * 100 / Double(stationaryEvaluations * 10)))
}

// Shift scenario: the shift starts right after an evaluation; count evaluations until the dataset is flagged.
var delays = [[Int]](repeating: [], count: rules.count)
for _ in 0..<shiftTrials {
    var trialWindow = rows(windowRows, &stream, shift: [:])
    var flagged = [Int?](repeating: nil, count: rules.count)
    for evaluation in 1...6 {
        trialWindow = Array(trialWindow.dropFirst(stepRows)) + rows(stepRows, &stream, shift: shift)
        let current = batch(trialWindow)
        for (index, rule) in rules.enumerated() where flagged[index] == nil {
            if try await DriftEvaluator(options: rule.options).evaluate(profile: reference, current: current).dataset.drift { flagged[index] = evaluation }
        }
    }
    for index in rules.indices { delays[index].append(flagged[index] ?? 99) }
}
print("shift of PSI 0.2 on 5 of 10 columns, \(shiftTrials) trials; evaluations after onset until the dataset is flagged:")
for (index, rule) in rules.enumerated() {
    let sorted = delays[index].sorted()
    print("  \(rule.name): median \(sorted[sorted.count / 2]), max \(sorted.last!) (the window is half shifted at evaluation 1, fully at 2)")
}
