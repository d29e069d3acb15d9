import DriftStatistics
import DriftwatchAgent
import DriftwatchData
import DriftwatchLearning
import Foundation

/// Driftwatch's model-health detectors: the concept-drift detectors two ways, and the segment verdict.
///
/// `speed STREAMS.bin PEER.json`: updates per second of Page-Hinkley and ADWIN on a numeric error
/// stream and of DDM on a 0/1 stream (float64 files written by `Benchmarks/peer/river_detectors.py`),
/// with river's timings and detection indices from the same run: the ratio, and whether both
/// found the same changes.
///
/// `soundness [TRIALS]`: with Driftwatch's defaults, false alarms per 1,000 labelled rows on
/// stationary error streams, and the delay (in labelled rows) to detect a planted change: a
/// regressor whose scaled absolute errors grow by half, a classifier whose miss rate goes from
/// 15 % to 25 %.
///
/// `segments [EVALUATIONS] [TRIALS]`: the underperforming-segment verdict of an agent with its
/// defaults (margin 10 %, ≥ 100 labelled rows, p < 0.01 over the number of segments): false alarms per 1,000 evaluations of
/// windows where every segment's errors are alike, and the rows until a planted segment whose
/// errors grew is flagged.
///
/// `rollout [TRIALS]`: the loop's rollout decisions on simulated traffic (see `RolloutSimulation.swift`).
///
/// `trusted [TRIALS]`: the loop's guard against poisoned labels (see `TrustedGuardSimulation.swift`).
let arguments = CommandLine.arguments

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func readDoubles(_ path: String) throws -> [Double] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
}

/// Runs a fresh detector over the values `repetitions` times; the median time and the detections.
func measure<Detector: ConceptDriftDetector>(_ values: [Double], repetitions: Int, _ make: () -> Detector) -> (seconds: Double, detections: [Int]) {
    var times: [Double] = [], detections: [Int] = []
    for _ in 0..<repetitions {
        var detector = make()
        var found: [Int] = []
        let start = ContinuousClock.now
        for index in values.indices where detector.update(values[index]) { found.append(index) }
        times.append((ContinuousClock.now - start).inSeconds)
        detections = found
    }
    return (median(times), detections)
}

struct PeerResult: Decodable {
    var seconds: Double
    var detections: [Int]
}

func speed(numericPath: String, binaryPath: String, peerPath: String) throws {
    let numeric = try readDoubles(numericPath), binary = try readDoubles(binaryPath)
    let peer = try JSONDecoder().decode([String: PeerResult].self, from: Data(contentsOf: URL(fileURLWithPath: peerPath)))
    let runs: [(String, [Double], ([Double]) -> (seconds: Double, detections: [Int]))] = [
        ("page_hinkley", numeric, { measure($0, repetitions: 5) { PageHinkley() } }),
        ("adwin", numeric, { measure($0, repetitions: 5) { AdaptiveWindowing() } }),
        ("ddm", binary, { measure($0, repetitions: 5) { DriftDetectionMethod() } }),
    ]
    print("detector      values     Driftwatch updates/s   river updates/s   ratio   detections (same as river?)")
    for (name, values, run) in runs {
        let ours = run(values)
        guard let theirs = peer[name] else { continue }
        let same = ours.detections == theirs.detections
        print(String(format: "%-13@ %9d  %20.0f  %16.0f  %6.1fx   %d (%@)", name, values.count, Double(values.count) / ours.seconds,
                     Double(values.count) / theirs.seconds, theirs.seconds / ours.seconds, ours.detections.count, same ? "same" : "DIFFERENT"))
        if !same { print("  Driftwatch: \(ours.detections.prefix(10))…  river: \(theirs.detections.prefix(10))…") }
    }
}

struct Noise {
    var generator: SplitMix64
    mutating func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
    mutating func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
    /// A scaled absolute error: half-normal with mean `mean` (a regressor's |error| / validation MAE).
    mutating func scaledError(mean: Double) -> Double { abs(normal()) * mean * (Double.pi / 2).squareRoot() }
    mutating func miss(rate: Double) -> Double { uniform() < rate ? 1 : 0 }
}

func soundness(trials: Int) {
    // The detectors as the agent makes them by default, by task.
    var settings: [(String, Bool, () -> any ConceptDriftDetector)] = []
    for (task, binary) in [(LearningTask.regression, false), (.binaryClassification, true)] {
        let defaults = ConceptDriftSettings.defaults(for: task)
        for kind in defaults.detectors {
            settings.append((kind.rawValue, binary, { defaults.makeDetector(kind) }))
        }
    }
    let stationaryRows = 10_000, before = 2_000, horizon = 20_000
    print("Driftwatch's defaults, \(trials) trials each")
    print("stream                      detector       false alarms / 1,000 rows   delay to detect (rows): median, p90   missed")
    for (name, binary, make) in settings {
        let streamName = binary ? "misses 15% to 25%" : "scaled |error| x1.5"
        var falseAlarms = 0, stationaryTotal = 0, delays: [Double] = [], missed = 0
        for trial in 0..<trials {
            var noise = Noise(generator: SplitMix64(seed: UInt64(1000 + trial)))
            var detector = make()
            for _ in 0..<stationaryRows where detector.update(binary ? noise.miss(rate: 0.15) : noise.scaledError(mean: 1)) { falseAlarms += 1 }
            stationaryTotal += stationaryRows
            detector = make()
            var detectedAt: Int?
            for index in 0..<(before + horizon) {
                let changed = index >= before
                let value = binary ? noise.miss(rate: changed ? 0.25 : 0.15) : noise.scaledError(mean: changed ? 1.5 : 1)
                if detector.update(value), changed {
                    detectedAt = index - before
                    break
                }
            }
            if let detectedAt { delays.append(Double(detectedAt)) } else { missed += 1 }
        }
        let sorted = delays.sorted()
        let p90 = sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(0.9 * Double(sorted.count)))]
        print(String(format: "%-27@ %-14@ %25.3f   %13.0f, %.0f   %6d", streamName, name, Double(falseAlarms) / Double(stationaryTotal) * 1000,
                     sorted.isEmpty ? .nan : median(sorted), p90, missed))
    }
}

/// A regressor's rows in four segments (40/30/20/10 % of traffic), 60 % labelled; the errors of
/// segment "d" have standard deviation `spread`, the others 1.
func segmentRows(_ n: Int, start: Int, spread: Double, noise: inout Noise) -> [ObservedRow] {
    (start..<(start + n)).map { i in
        let u = noise.uniform()
        let segment = u < 0.4 ? "a" : u < 0.7 ? "b" : u < 0.9 ? "c" : "d"
        let truth = 10 * noise.uniform()
        let error = noise.normal() * (segment == "d" ? spread : 1)
        return ObservedRow(id: "r\(i)", values: ["segment": .text(segment), "p": .number(truth + error)],
                           actual: noise.uniform() < 0.6 ? .number(truth) : nil, receivedAt: 0)
    }
}

func segmentAgent() throws -> Agent {
    var segments: [String] = []
    for (segment, count) in [("a", 400), ("b", 300), ("c", 200), ("d", 100)] { segments += Array(repeating: segment, count: count) }
    let schema = Schema(columns: [ColumnSchema(name: "segment", kind: .categorical), ColumnSchema(name: "p", kind: .numeric, role: .prediction)])
    let profile = ReferenceProfile(batch: ColumnarBatch(schema: schema, rowCount: segments.count, columns: [
        .categorical(CategoricalColumn(values: segments)), .numeric(NumericColumn(values: segments.indices.map { Double($0 % 10) })),
    ]))
    let configuration = try AgentConfiguration.parse(yaml: "model: m\nreference: {file: unused.csv}\nwindow: {rows: 2000}\nmin_rows: 100\nconcept_drift: off\nsegments: [{column: segment, top: 4}]\n",
                                                     source: "benchmark.yaml")
    return try Agent(configuration: configuration, profile: profile, version: "benchmark")
}

func segmentSoundness(evaluations: Int, trials: Int) async throws {
    var noise = Noise(generator: SplitMix64(seed: 77))
    let agent = try segmentAgent()
    var falseAlarms = 0, row = 0
    for _ in 0..<evaluations {
        await agent.ingest(segmentRows(2000, start: row, spread: 1, noise: &noise))
        row += 2000
        if let snapshot = try await agent.evaluate(), snapshot.segments.contains(where: \.underperforming) { falseAlarms += 1 }
    }
    print("Segment verdict (defaults), windows of 2,000 rows, 60 % labelled, segments of 40/30/20/10 %")
    print(String(format: "  alike segments: %d false alarms in %d evaluations (%.2f per 1,000)", falseAlarms, evaluations, Double(falseAlarms) / Double(evaluations) * 1000))
    for spread in [1.25, 1.5, 2.0] {
        var delays: [Double] = [], missed = 0
        for _ in 0..<trials {
            let agent = try segmentAgent()
            await agent.ingest(segmentRows(2000, start: 0, spread: 1, noise: &noise))
            var found: Int?
            for step in 1...20 {
                await agent.ingest(segmentRows(200, start: 2000 + step * 200, spread: spread, noise: &noise))
                if let snapshot = try await agent.evaluate(), snapshot.segments.contains(where: { $0.segment == "d" && $0.underperforming }) {
                    found = step * 200
                    break
                }
            }
            if let found { delays.append(Double(found)) } else { missed += 1 }
        }
        print(String(format: "  segment d's error spread x%.2f (RMSE %+.0f%%): rows to flag it, median %.0f (of %d trials, %d not flagged within 4,000 rows)",
                     spread, (spread - 1) * 100, delays.isEmpty ? .nan : median(delays), trials, missed))
    }
}

switch arguments.dropFirst().first {
case "segments":
    try await segmentSoundness(evaluations: arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000, trials: arguments.count > 3 ? Int(arguments[3]) ?? 50 : 50)
case "speed" where arguments.count == 5:
    try speed(numericPath: arguments[2], binaryPath: arguments[3], peerPath: arguments[4])
case "soundness":
    soundness(trials: arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200)
case "rollout":
    rolloutSimulation(trials: arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000)
case "trusted":
    try trustedGuardSimulation(trials: arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000)
default:
    print("usage: ModelHealthBenchmark speed NUMERIC.bin BINARY.bin RIVER.json | soundness [TRIALS] | segments [EVALUATIONS] [TRIALS] | rollout [TRIALS] | trusted [TRIALS]")
    exit(2)
}
