import DriftStatistics
import DriftwatchAgent
import DriftwatchLearning
import Foundation

/// An error stream of the simulation: a classifier's misses, or a regressor's absolute errors over
/// their scale, drawn at a multiple of the stream's usual mean error.
struct ErrorStream {
    var name: String
    var task: LearningTask
    var draw: (inout Noise, Double) -> Double
}

/// The agent's concept-drift monitor (``ConceptDriftMonitor`` with the detectors the agent makes) on
/// error streams with light, heavy and real tails, with Driftwatch's defaults and with river's way
/// (errors fed as they are, every detection reported), on the same streams:
/// - false alarms: 20,000 stationary errors after the baseline, per 10,000 rows;
/// - a change that doubles the mean error (a classifier: the miss rate 15 % → 30 %) after 3,000
///   rows: rows from the change to the first reported detection (missed: none within 1,000), and
///   how many detections are reported in the 10,000 rows after it.
/// `realPath`: float64 errors of a real model (`Benchmarks/peer/flight_residuals.py`), drawn at random.
func conceptDriftSimulation(trials: Int, realPath: String?) throws {
    var streams = [
        ErrorStream(name: "half-normal |error|", task: .regression) { noise, m in noise.scaledError(mean: m) },
        // exp(N(0, σ²)) has mean exp(σ²/2).
        ErrorStream(name: "lognormal, sigma 1", task: .regression) { noise, m in exp(noise.normal()) / exp(0.5) * m },
        ErrorStream(name: "lognormal, sigma 1.5", task: .regression) { noise, m in exp(1.5 * noise.normal()) / exp(1.125) * m },
        // Lomax (Pareto II) with shape α and scale 1 has mean 1/(α − 1); α 1.5 has no variance.
        ErrorStream(name: "Pareto, alpha 2.5", task: .regression) { noise, m in (pow(max(noise.uniform(), 1e-300), -1 / 2.5) - 1) * 1.5 * m },
        ErrorStream(name: "Pareto, alpha 1.5", task: .regression) { noise, m in (pow(max(noise.uniform(), 1e-300), -1 / 1.5) - 1) * 0.5 * m },
        ErrorStream(name: "misses 15 % to 30 %", task: .binaryClassification) { noise, m in noise.miss(rate: 0.15 * m) },
    ]
    if let realPath {
        let real = try readDoubles(realPath)
        streams.insert(ErrorStream(name: "flights |residual| (real)", task: .regression) { noise, m in
            real[Int(noise.uniform() * Double(real.count))] * m
        }, at: 5)
    }
    let stationaryRows = 20_000, before = 3_000, after = 10_000, window = 1_000
    print("concept-drift monitor, \(trials) trials per stream; a change doubles the mean error after \(before) rows")
    print("stream                      settings                       false alarms / 10,000 rows   delay (rows): median, p90   missed (>\(window))   detections per change")
    for stream in streams {
        let defaults = ConceptDriftSettings.defaults(for: stream.task)
        var asRiver = defaults
        asRiver.baseline = 0
        asRiver.holdOff = 0
        for (label, settings) in [("defaults", defaults), ("river's way (raw, no hold-off)", asRiver)] {
            var falseAlarms = 0, watched = 0, delays: [Double] = [], missed = 0, detections = 0
            for trial in 0..<trials {
                var noise = Noise(generator: SplitMix64(seed: UInt64(7000 + trial)))
                var monitor = ConceptDriftMonitor(settings: settings)
                for _ in 0..<(settings.baseline + stationaryRows) {
                    falseAlarms += monitor.observe(stream.draw(&noise, 1), at: 0, modelVersion: nil).count
                }
                watched += stationaryRows
                monitor = ConceptDriftMonitor(settings: settings)
                var first: Int?
                for index in 0..<(settings.baseline + before + after) {
                    let changed = index >= settings.baseline + before
                    let found = monitor.observe(stream.draw(&noise, changed ? 2 : 1), at: 0, modelVersion: nil).count
                    guard changed, found > 0 else { continue }
                    detections += found
                    if first == nil { first = index - settings.baseline - before }
                }
                if let first, first <= window { delays.append(Double(first)) } else { missed += 1 }
            }
            let sorted = delays.sorted()
            let p90 = sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(0.9 * Double(sorted.count)))]
            print(stream.name.padding(toLength: 27, withPad: " ", startingAt: 0) + " " + label.padding(toLength: 30, withPad: " ", startingAt: 0)
                  + String(format: " %26.2f   %13.0f, %-8.0f   %10d   %10.2f", Double(falseAlarms) / Double(watched) * 10_000,
                         sorted.isEmpty ? .nan : median(sorted), p90, missed, Double(detections) / Double(trials)))
        }
    }
}
