import DriftStatistics
import DriftwatchAgent
import DriftwatchData
import DriftwatchLearning
import DriftwatchReport
import Foundation

/// The multivariate methods on simulated and on given data.
///
/// `soundness [stationary evaluations] [change trials]`: a process of ten columns — four pairs of
/// numeric readings that agree up to noise (normal, lognormal, uniform and a point mass), and two
/// categorical columns, one tied to a reading — against a 20,000-row reference, with the agent's
/// defaults (`multivariate: on`). False alarms: fresh 2,000-row windows from the reference's own
/// process. Delay: a 2,000-row window evaluated every 1,000 rows, where from the onset the first
/// pair stops agreeing (its second reading comes from another row: every column's own
/// distribution is unchanged); the evaluations until each method flags it, and how often the
/// per-column tests notice.
///
/// `embedding [stationary evaluations] [change trials] [dimensions] [angle]`: a vector column of
/// unit embeddings around eight topic directions against a 20,000-row reference, tested by MMD
/// with the agent's defaults. False alarms: fresh 2,000-row windows; the stationary MMD² and
/// how many windows each effect threshold would let through. Delay: from the onset the most common
/// topic's direction is turned by `angle` degrees (every embedding still a unit vector, the topic
/// mix the same), a window evaluated every 1,000 rows as above.
///
/// `speed REFERENCE.csv CURRENT.csv [runs]`: the time to profile the reference (PCA fit, sample)
/// and each method's evaluation of the current file as one window, with the defaults and with
/// every row given to the domain classifier (as NannyML uses them); medians.
let arguments = CommandLine.arguments

struct Stream {
    var generator: SplitMix64
    mutating func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
    mutating func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
}

let names = ["a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4", "shift", "grade"]

/// One row; `decoupled` replaces b1 by the reading of another, independent row.
func row(_ s: inout Stream, decoupled: Bool) -> (numeric: [Double], categorical: [String]) {
    let z1 = s.normal(), z2 = s.normal(), u3 = s.uniform(), on4 = s.uniform() < 0.7
    let a4 = on4 ? 20 + 5 * s.normal() : 0
    let own1 = z1 + 0.4 * s.normal()
    let b1 = decoupled ? s.normal() + 0.4 * s.normal() : own1
    let numeric = [z1, b1, exp(0.5 * z2), exp(0.5 * z2) * (1 + 0.1 * s.normal()), u3 * 10, u3 * 10 + s.normal(), a4, on4 ? a4 * 1.1 + 2 * s.normal() : 0]
    let shift = ["early", "late", "night"][Int(s.uniform() * 2.999)]
    let grade = z2 > 0.8 ? "A" : z2 > -0.3 ? "B" : s.uniform() < 0.5 ? "C" : "D"
    return (numeric, [shift, grade])
}

func batch(_ rows: [(numeric: [Double], categorical: [String])]) -> ColumnarBatch {
    let schema = Schema(columns: names.enumerated().map { ColumnSchema(name: $1, kind: $0 < 8 ? .numeric : .categorical) })
    var columns: [Column] = (0..<8).map { j in .numeric(NumericColumn(values: rows.map { $0.numeric[j] })) }
    columns += (0..<2).map { j in .categorical(CategoricalColumn(values: rows.map { Optional($0.categorical[j]) })) }
    return ColumnarBatch(schema: schema, rowCount: rows.count, columns: columns)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func soundness(stationary: Int, trials: Int, methods: [MultivariateMethod]) throws {
    var options = MultivariateOptions()
    options.methods = methods
    var s = Stream(generator: SplitMix64(seed: 2026))
    let reference = batch((0..<20_000).map { _ in row(&s, decoupled: false) })
    var drift = DriftOptions()
    drift.minimumPSI = 0.1  // the agent's default
    let profile = ReferenceProfile(batch: reference, multivariateSampleRows: options.sampleRows)
    let multivariate = profile.multivariate!
    let evaluator = MultivariateEvaluator(options: options)
    var alarms: [MultivariateMethod: Int] = [:], evidentlyAlarms = 0, columnAlarms = 0
    var aucs: [Double] = [], pcaValues: [Double] = []
    let start = Date()
    for _ in 0..<stationary {
        let window = batch((0..<2_000).map { _ in row(&s, decoupled: false) })
        for result in try evaluator.evaluate(profile: multivariate, current: window) {
            if result.drift { alarms[result.method, default: 0] += 1 }
            if result.method == .pcaReconstruction, let value = result.value { pcaValues.append(value) }
            if result.method == .domainClassifier, let auc = result.value {
                aucs.append(auc)
                if auc > 0.55 { evidentlyAlarms += 1 }
            }
        }
        if try DriftEvaluator(options: drift).evaluateSerially(profile: profile, current: window).dataset.drift { columnAlarms += 1 }
    }
    let perEvaluation = Date().timeIntervalSince(start) / Double(max(stationary, 1))
    print("stationary: \(stationary) evaluations of 2,000-row windows against 20,000 reference rows (\(String(format: "%.2f", perEvaluation)) s each)")
    for method in methods {
        print("  \(method.rawValue): \(alarms[method] ?? 0) false alarms (\(String(format: "%.2f", Double(alarms[method] ?? 0) * 1000 / Double(stationary))) per 1,000)")
    }
    // How far the stationary windows' errors stray, in standard errors of a mean of 2,000 independent rows.
    let errors = multivariate.referenceErrors, n = Double(errors.count)
    let mean = errors.reduce(0, +) / n, sd = (errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    let z = pcaValues.map { abs($0 - mean) / (sd / 2_000.0.squareRoot()) }
    if !z.isEmpty {
        print("  pca_reconstruction, |value − reference mean| in standard errors: median \(String(format: "%.2f", median(z))), max \(String(format: "%.2f", z.max()!));"
              + [3, 3.5, 4, 4.5].map { k in " beyond \(k): \(z.filter { $0 > k }.count)" }.joined(separator: ","))
    }
    if !aucs.isEmpty {
        print("  domain_classifier AUC: median \(String(format: "%.4f", median(aucs))), max \(String(format: "%.4f", aucs.max() ?? .nan)); above Evidently's 0.55: \(evidentlyAlarms)")
    }
    print("  per-column dataset drift (p < 0.05 and PSI ≥ 0.1): \(columnAlarms)")

    var delays: [MultivariateMethod: [Int]] = [:], columnNoticed = 0, columnEvaluations = 0
    let limit = 6
    for _ in 0..<trials {
        var window = (0..<2_000).map { _ in row(&s, decoupled: false) }
        var found: [MultivariateMethod: Int] = [:]
        for evaluation in 1...limit {
            window.removeFirst(1_000)
            window += (0..<1_000).map { _ in row(&s, decoupled: true) }
            let current = batch(window)
            for result in try evaluator.evaluate(profile: multivariate, current: current) where result.drift && found[result.method] == nil {
                found[result.method] = evaluation
            }
            columnEvaluations += 1
            if try DriftEvaluator(options: drift).evaluateSerially(profile: profile, current: current).columns.contains(where: \.drift) { columnNoticed += 1 }
            if found.count == methods.count { break }
        }
        for method in methods { delays[method, default: []].append(found[method] ?? limit + 1) }
    }
    print("decoupled pair (b1 from another row from the onset; the window half changed at evaluation 1, fully at 2), \(trials) trials:")
    for method in methods {
        let d = delays[method] ?? []
        let missed = d.filter { $0 > limit }.count
        print("  \(method.rawValue): evaluations to flag median \(Int(median(d.map(Double.init)))), max \(d.max() ?? 0)\(missed > 0 ? ", missed in \(missed)" : "")")
    }
    print("  per-column tests flagged any column in \(columnNoticed) of \(columnEvaluations) of those evaluations")
}

/// Unit embeddings around topic directions: topic t with weight `weights[t]`, spread by noise.
struct Embeddings {
    let dimensions: Int
    var topics: [[Double]]
    let weights = [0.3, 0.2, 0.15, 0.1, 0.1, 0.05, 0.05, 0.05]

    init(dimensions: Int, stream s: inout Stream) {
        self.dimensions = dimensions
        topics = (0..<8).map { _ in Embeddings.unit((0..<dimensions).map { _ in s.normal() }) }
    }

    static func unit(_ v: [Double]) -> [Double] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    /// The first topic turned by `degrees` towards a random direction orthogonal to it.
    func turned(by degrees: Double, stream s: inout Stream) -> Embeddings {
        let first = topics[0]
        var other = (0..<dimensions).map { _ in s.normal() }
        let along = zip(other, first).reduce(0) { $0 + $1.0 * $1.1 }
        other = Embeddings.unit(zip(other, first).map { $0 - along * $1 })
        let angle = degrees * .pi / 180
        var result = self
        result.topics[0] = zip(first, other).map { cos(angle) * $0 + sin(angle) * $1 }
        return result
    }

    func row(_ s: inout Stream) -> [Double] {
        var u = s.uniform(), topic = 0
        while topic < weights.count - 1 && u >= weights[topic] { u -= weights[topic]; topic += 1 }
        // Noise of total variance 1 around a topic at distance 3: the topics stay apart, the rows spread.
        let spread = 1 / Double(dimensions).squareRoot()
        return Embeddings.unit(topics[topic].map { 3 * $0 + spread * 3 * s.normal() })
    }

    func batch(_ rows: [[Double]]) -> ColumnarBatch {
        ColumnarBatch(schema: Schema(columns: [ColumnSchema(name: "embedding", kind: .vector)]), rowCount: rows.count,
                      columns: [.vector(VectorColumn(dimensions: dimensions, values: rows.flatMap { $0 }))])
    }
}

func embeddingSoundness(stationary: Int, trials: Int, dimensions: Int, degrees: Double) throws {
    var s = Stream(generator: SplitMix64(seed: 2027))
    let process = Embeddings(dimensions: dimensions, stream: &s)
    let profile = ReferenceProfile(batch: process.batch((0..<20_000).map { _ in process.row(&s) }))
    let options = AgentConfiguration.defaultDrift
    var statistics: [Double] = [], significant: [Double] = []
    let start = Date()
    for _ in 0..<stationary {
        let report = try DriftEvaluator(options: options).evaluateSerially(profile: profile, current: process.batch((0..<2_000).map { _ in process.row(&s) }))
        let mmd = report.columns[0].mmd!
        statistics.append(mmd.statistic)
        if mmd.pValue < options.alpha { significant.append(mmd.statistic) }
    }
    let perEvaluation = Date().timeIntervalSince(start) / Double(max(stationary, 1))
    print("embedding: \(dimensions) dimensions, 8 topics; \(stationary) stationary evaluations of 2,000-row windows against 20,000 reference rows "
          + "(\(options.vectorSampleRows) vectors a side, \(options.mmdPermutations) permutations; \(String(format: "%.3f", perEvaluation)) s each)")
    let sorted = statistics.sorted()
    print("  stationary MMD²: median \(String(format: "%.2e", median(statistics))), 99th percentile \(String(format: "%.2e", sorted[min(sorted.count - 1, sorted.count * 99 / 100)])), max \(String(format: "%.2e", sorted.last ?? .nan))")
    print("  p < \(options.alpha): \(significant.count); of those, MMD² at or above "
          + [0.002, 0.005, 0.01, 0.02].map { t in "\(t): \(significant.filter { $0 >= t }.count)" }.joined(separator: ", "))
    let alarms = significant.filter { $0 >= options.minimumMMD }.count
    print("  false alarms with the defaults (p < \(options.alpha) and MMD² ≥ \(options.minimumMMD)): \(alarms) (\(String(format: "%.2f", Double(alarms) * 1000 / Double(max(stationary, 1)))) per 1,000)")

    var delays: [Int] = [], changed: [Double] = []
    let limit = 6
    for _ in 0..<trials {
        let after = process.turned(by: degrees, stream: &s)
        var window = (0..<2_000).map { _ in process.row(&s) }
        var found = limit + 1
        for evaluation in 1...limit {
            window.removeFirst(1_000)
            window += (0..<1_000).map { _ in after.row(&s) }
            let column = try DriftEvaluator(options: options).evaluateSerially(profile: profile, current: process.batch(window)).columns[0]
            if evaluation == 1 { changed.append(column.mmd!.statistic) }
            if column.drift { found = evaluation; break }
        }
        delays.append(found)
    }
    let missed = delays.filter { $0 > limit }.count
    print("the most common topic turned by \(degrees)° from the onset (the window half changed at evaluation 1, fully at 2), \(trials) trials:")
    print("  evaluations to flag: median \(Int(median(delays.map(Double.init)))), max \(delays.max() ?? 0)\(missed > 0 ? ", missed in \(missed)" : "");"
          + " MMD² of a half-changed window: median \(String(format: "%.2e", median(changed)))")
}

func speed(referencePath: String, currentPath: String, runs: Int) throws {
    let reference = try DatasetReader.readBatch(path: referencePath, schema: nil)
    let current = try DatasetReader.readBatch(path: currentPath, schema: reference.schema)
    var profileTimes: [Double] = [], pca: [Double] = [], classifier: [Double] = [], full: [Double] = [], columns: [Double] = []
    var drift = DriftOptions()
    drift.minimumPSI = 0.1
    let columnProfile = ReferenceProfile(batch: reference)
    var values: [String] = []
    for _ in 0..<runs {
        var t = Date()
        _ = try DriftEvaluator(options: drift).evaluateSerially(profile: columnProfile, current: current)
        columns.append(Date().timeIntervalSince(t))
        t = Date()
        let profile = ReferenceProfile(batch: reference, multivariateSampleRows: MultivariateProfile.defaultSampleRows).multivariate!
        profileTimes.append(Date().timeIntervalSince(t))
        var options = MultivariateOptions()
        options.methods = [.pcaReconstruction]
        t = Date()
        let p = try MultivariateEvaluator(options: options).evaluate(profile: profile, current: current)
        pca.append(Date().timeIntervalSince(t))
        options.methods = [.domainClassifier]
        t = Date()
        let c = try MultivariateEvaluator(options: options).evaluate(profile: profile, current: current)
        classifier.append(Date().timeIntervalSince(t))
        // Every row, as NannyML's classifier learns from them.
        let whole = ReferenceProfile(batch: reference, multivariateSampleRows: reference.rowCount).multivariate!
        options.maxWindowRows = current.rowCount
        t = Date()
        let f = try MultivariateEvaluator(options: options).evaluate(profile: whole, current: current)
        full.append(Date().timeIntervalSince(t))
        values = [p[0].value, c[0].value, f[0].value].map { String(format: "%.4f", $0 ?? .nan) }
    }
    print(String(format: "driftwatch columns %.3f profile %.3f pca_reconstruction %.4f domain_classifier %.3f domain_classifier_all_rows %.3f",
                 median(columns), median(profileTimes), median(pca), median(classifier), median(full))
          + " values " + values.joined(separator: " "))
}

if arguments.count > 1 && arguments[1] == "embedding" {
    let rest = Array(arguments.dropFirst(2))
    try embeddingSoundness(stationary: rest.first.flatMap { Int($0) } ?? 1000, trials: rest.count > 1 ? Int(rest[1]) ?? 50 : 50,
                           dimensions: rest.count > 2 ? Int(rest[2]) ?? 64 : 64, degrees: rest.count > 3 ? Double(rest[3]) ?? 30 : 30)
} else if arguments.count > 1 && arguments[1] == "speed" && arguments.count >= 4 {
    try speed(referencePath: arguments[2], currentPath: arguments[3], runs: arguments.count > 4 ? Int(arguments[4]) ?? 3 : 3)
} else {
    let rest = arguments.count > 1 && arguments[1] == "soundness" ? Array(arguments.dropFirst(2)) : Array(arguments.dropFirst())
    let methods = rest.count > 2 ? rest[2].split(separator: ",").compactMap { MultivariateMethod(rawValue: String($0)) } : MultivariateMethod.allCases
    try soundness(stationary: rest.first.flatMap { Int($0) } ?? 1000, trials: rest.count > 1 ? Int(rest[1]) ?? 50 : 50, methods: methods)
}
