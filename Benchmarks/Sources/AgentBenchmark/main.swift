import DriftStatistics
import DriftwatchAgent
import DriftwatchData
import DriftwatchLearning
import Foundation

/// Evaluation time of the agent's window path: a 100,000-row window × 50 columns (40 numeric,
/// 10 categorical) against a 1,000,000-row reference. Typing rows into the window's columns
/// happens as they arrive and is timed apart from the evaluation.
///
/// Usage: AgentBenchmark [window rows] [reference rows] [repetitions]
let arguments = CommandLine.arguments
let windowRows = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let referenceRows = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let repetitions = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
let numeric = 40, categorical = 10

/// Seeded draws for the synthetic data.
final class Draws {
    var generator = SplitMix64(seed: 99)
    func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
    func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
}
let draws = Draws()

let schema = Schema(columns: (0..<numeric).map { ColumnSchema(name: "n\($0)", kind: .numeric) } + (0..<categorical).map { ColumnSchema(name: "c\($0)", kind: .categorical) })
print("Building a \(referenceRows)-row reference with \(numeric) numeric and \(categorical) categorical columns…")
var columns: [Column] = (0..<numeric).map { column in
    .numeric(NumericColumn(values: (0..<referenceRows).map { _ in column % 2 == 0 ? draws.normal() : exp(draws.normal() * 0.5) }))
}
for column in 0..<categorical {
    let count = 3 + column * 4
    columns.append(.categorical(CategoricalColumn(codes: (0..<referenceRows).map { _ in Int32(Int(draws.uniform() * draws.uniform() * Double(count))) },
                                                  categories: (0..<count).map { "v\($0)" })))
}
let reference = ColumnarBatch(schema: schema, rowCount: referenceRows, columns: columns)
let profileStart = Date()
let profile = ReferenceProfile(batch: reference)
print(String(format: "profile built in %.2f s (once per reference)", Date().timeIntervalSince(profileStart)))

let rows: [ObservedRow] = (0..<windowRows).map { i in
    var values: [String: FeatureInput] = [:]
    for column in 0..<numeric { values["n\(column)"] = .number(column % 2 == 0 ? draws.normal() + 0.05 : exp(draws.normal() * 0.5)) }
    for column in 0..<categorical { values["c\(column)"] = .text("v\(Int(draws.uniform() * draws.uniform() * Double(3 + column * 4)))") }
    return ObservedRow(id: "r\(i)", values: values, receivedAt: 0)
}
var options = DriftOptions()
options.minimumPSI = 0.1
let evaluator = WindowEvaluator(model: "bench", profile: profile, options: options)
var window = SlidingWindow(policy: .rows(windowRows), schema: schema)
let typingStart = Date()
window.append(rows, now: 0)
let typing = Date().timeIntervalSince(typingStart)
print(String(format: "typing %d rows into the window's columns: %.3f s (%.0f rows/s)", windowRows, typing, Double(windowRows) / typing))
var timings: [Double] = []
var snapshot: Snapshot!
for _ in 0..<repetitions {
    let start = Date()
    snapshot = try evaluator.evaluate(window.contents())
    timings.append(Date().timeIntervalSince(start))
}
let sorted = timings.sorted()
print(String(format: "evaluation of a %d-row window × %d columns against %d reference rows: median %.3f s (min %.3f, max %.3f), %d columns drifted",
             windowRows, numeric + categorical, referenceRows, sorted[sorted.count / 2], sorted.first!, sorted.last!, snapshot.report.dataset.driftedColumns))
