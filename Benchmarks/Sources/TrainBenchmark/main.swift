import DriftStatistics
import DriftwatchLearning
import Foundation

/// Trains Driftwatch's histogram gradient-boosted trees and scikit-learn's
/// HistGradientBoostingRegressor with the same settings on the same encoded data, in the same
/// run, and prints test RMSE and training time of both.
///
/// Usage: TrainBenchmark [train rows] [repetitions]
let arguments = CommandLine.arguments
let trainRows = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
let testRows = 20_000

struct Dataset {
    var name: String
    var x: DenseMatrix
    var y: [Double]
}

/// Synthetic taxi rides: distance, hour, weekday and one-hot pickup/dropoff zones → duration.
func rides(_ n: Int, seed: UInt64) -> Dataset {
    var g = SplitMix64(seed: seed)
    func uniform() -> Double { Double(g.next() >> 11) * 0x1p-53 }
    func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
    let zones = 12
    var values: [Double] = [], y: [Double] = []
    let zoneSpeed = (0..<zones).map { 14 + Double($0 % 5) * 3 }
    for _ in 0..<n {
        let distance = exp(0.9 + 0.6 * normal())
        let hour = Double(Int(uniform() * 24)), weekday = Double(Int(uniform() * 7))
        let pickup = Int(uniform() * Double(zones)), dropoff = Int(uniform() * Double(zones))
        let rush = (hour >= 7 && hour <= 9) || (hour >= 16 && hour <= 19) ? 1.0 : 0.0
        let speed = (zoneSpeed[pickup] + zoneSpeed[dropoff]) / 2 * (rush == 1 && weekday < 5 ? 0.6 : 1)
        let duration = 60 * distance / speed + 2 + (pickup == dropoff ? 3 : 0) + 1.5 * normal()
        var row = [distance, hour, weekday]
        row += (0..<zones).map { $0 == pickup ? 1 : 0 }
        row += (0..<zones).map { $0 == dropoff ? 1 : 0 }
        values += row
        y.append(duration)
    }
    return Dataset(name: "rides", x: DenseMatrix(rows: n, columns: 3 + 2 * zones, values: values), y: y)
}

/// Friedman #1 (Friedman 1991): ten uniform features, five of them used non-linearly.
func friedman(_ n: Int, seed: UInt64) -> Dataset {
    var g = SplitMix64(seed: seed)
    func uniform() -> Double { Double(g.next() >> 11) * 0x1p-53 }
    func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
    var values: [Double] = [], y: [Double] = []
    for _ in 0..<n {
        let row = (0..<10).map { _ in uniform() }
        values += row
        y.append(10 * sin(.pi * row[0] * row[1]) + 20 * (row[2] - 0.5) * (row[2] - 0.5) + 10 * row[3] + 5 * row[4] + normal())
    }
    return Dataset(name: "friedman1", x: DenseMatrix(rows: n, columns: 10, values: values), y: y)
}

func write(_ data: Dataset, prefix: String, to directory: URL) throws {
    try data.x.values.withUnsafeBytes { Data($0) }.write(to: directory.appendingPathComponent("\(prefix)_x.f64"))
    try data.y.withUnsafeBytes { Data($0) }.write(to: directory.appendingPathComponent("\(prefix)_y.f64"))
}

func rmse(_ predicted: [Double], _ actual: [Double]) -> Double {
    (zip(predicted, actual).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(actual.count)).squareRoot()
}

let peer = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("peer/sklearn_hgb.py")
var parameters = GradientBoosting.Parameters()
parameters.learningRate = 0.1
parameters.maxIterations = 100
parameters.maxLeafNodes = 31
parameters.minSamplesLeaf = 20
print("settings: learning_rate 0.1, max_iter 100, max_leaf_nodes 31, min_samples_leaf 20, l2 0, max_bins 255, no early stopping")
for (index, make) in [rides, friedman].enumerated() {
    let train = make(trainRows, UInt64(10 + index)), test = make(testRows, UInt64(20 + index))
    var timings: [Double] = []
    var model: BoostedTrees!
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        model = try GradientBoosting.fit(train.x, train.y, classification: false, parameters: parameters, seed: 1)
        timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let predictions = (0..<test.x.rows).map { model.rawScore(test.x.row($0)) }
    let ours = rmse(predictions, test.y)
    let swiftMedian = timings.sorted()[timings.count / 2]

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-train-bench-\(getpid())-\(index)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try write(train, prefix: "train", to: directory)
    try write(test, prefix: "test", to: directory)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", peer.path, directory.path, String(train.x.columns), String(repetitions)]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let result = try JSONSerialization.jsonObject(with: output) as? [String: Any],
          let theirs = result["rmse"] as? Double, let sklearnMedian = result["median_seconds"] as? Double else {
        print("sklearn peer failed; pip install -r scripts/requirements.txt")
        exit(1)
    }
    print(String(format: "%@ (%d train / %d test rows, %d features): RMSE Driftwatch %.4f vs sklearn %@ %.4f (%+.2f%%); training median %.3f s vs %.3f s (%.2fx)",
                 train.name, trainRows, testRows, train.x.columns, ours, result["sklearn"] as? String ?? "?", theirs,
                 (ours / theirs - 1) * 100, swiftMedian, sklearnMedian, sklearnMedian / swiftMedian))
}
