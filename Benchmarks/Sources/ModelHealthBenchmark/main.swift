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
/// `soundness [TRIALS] [REAL.bin]`: the agent's concept-drift monitor on light- and heavy-tailed
/// and real error streams (see `ConceptDriftSimulation.swift`).
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
    try conceptDriftSimulation(trials: arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200, realPath: arguments.count > 3 ? arguments[3] : nil)
case "rollout":
    rolloutSimulation(trials: arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000)
case "trusted":
    try trustedGuardSimulation(trials: arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000)
default:
    print("usage: ModelHealthBenchmark speed NUMERIC.bin BINARY.bin RIVER.json | soundness [TRIALS] [REAL.bin] | segments [EVALUATIONS] [TRIALS] | rollout [TRIALS] | trusted [TRIALS]")
    exit(2)
}
