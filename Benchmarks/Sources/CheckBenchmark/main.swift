import DriftStatistics
import DriftwatchData
import DriftwatchReport
import Foundation

/// Times the full drift evaluation of `driftwatch check` on 1,000,000 reference and 1,000,000
/// current rows (6 numeric, 3 categorical columns), then times scipy doing KS, chi-square and PSI
/// on the same data in the same run, and prints the ratio.
///
/// Usage: swift run -c release --package-path Benchmarks CheckBenchmark [rows] [repetitions]
let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
}

func batch(_ data: SyntheticData) -> ColumnarBatch {
    let names = SyntheticData.numericNames + SyntheticData.categoricalNames
    let kinds: [ColumnKind] = Array(repeating: .numeric, count: 6) + Array(repeating: .categorical, count: 3)
    let schema = Schema(columns: zip(names, kinds).map { ColumnSchema(name: $0, kind: $1) })
    var columns: [Column] = data.numeric.map { .numeric(NumericColumn(values: $0)) }
    for (codes, count) in zip(data.categorical, SyntheticData.categoryCounts) {
        columns.append(.categorical(CategoricalColumn(codes: codes, categories: (0..<count).map { "c\($0)" })))
    }
    return ColumnarBatch(schema: schema, rowCount: data.numeric[0].count, columns: columns)
}

print("Generating \(rows) reference and \(rows) current rows (6 numeric, 3 categorical)…")
let referenceData = SyntheticData(rows: rows, current: false, seed: 1)
let currentData = SyntheticData(rows: rows, current: true, seed: 2)
let reference = batch(referenceData)
let current = batch(currentData)

var profile: ReferenceProfile!
let profileSeconds = await seconds { profile = ReferenceProfile(batch: reference) }
let evaluator = DriftEvaluator()
var report: DriftReport!
var timings: [Double] = []
for _ in 0..<repetitions {
    timings.append(try await seconds { report = try await evaluator.evaluate(profile: profile, current: current) })
}
let swiftMedian = median(timings)
print(String(format: "Driftwatch: profile build %.3f s (once per reference); evaluation median %.3f s over %d runs (min %.3f, max %.3f)",
             profileSeconds, swiftMedian, repetitions, timings.min()!, timings.max()!))
print(String(format: "Driftwatch: peak resident memory %.0f MiB (both datasets, profile and evaluation)", peakResidentMiB()))
print("Driftwatch: \(report.dataset.driftedColumns) of \(report.dataset.testedColumns) columns drifted")
for column in report.columns {
    let test = column.ks.map { String(format: "KS D=%.5f p=%.3g", $0.statistic, $0.pValue) }
        ?? column.chiSquare.map { String(format: "chi2=%.1f p=%.3g", $0.statistic, $0.pValue) } ?? ""
    print(String(format: "  %-14@ %@  PSI=%.4f", column.name, test, column.psi ?? .nan))
}

// The peer: scipy/numpy on the same arrays, in the same run.
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
try referenceData.write(to: directory, prefix: "reference")
try currentData.write(to: directory, prefix: "current")
let peerScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("peer/scipy_check.py")
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = ["python3", peerScript.path, directory.path, String(repetitions)]
let pipe = Pipe()
process.standardOutput = pipe
try process.run()
let output = pipe.fileHandleForReading.readDataToEndOfFile()
process.waitUntilExit()
guard process.terminationStatus == 0,
      let peer = try JSONSerialization.jsonObject(with: output) as? [String: Any],
      let peerMedian = peer["median_seconds"] as? Double else {
    print("scipy peer failed (exit \(process.terminationStatus)); is scipy installed? pip install -r scripts/requirements.txt")
    exit(1)
}
print(String(format: "scipy %@ (KS + chi-square + PSI only): median %.3f s over %d runs; peak resident memory %.0f MiB",
             peer["scipy"] as? String ?? "?", peerMedian, repetitions, peer["peak_mib"] as? Double ?? 0))
if let peerDrifted = peer["ks_or_chi2_drifted"] as? Int {
    print("scipy: \(peerDrifted) of 9 columns with p < 0.05")
}
print(String(format: "Ratio: Driftwatch is %.1fx faster than scipy (evaluation, profile excluded); %.1fx including the profile build",
             peerMedian / swiftMedian, peerMedian / (swiftMedian + profileSeconds)))

