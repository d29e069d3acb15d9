import Foundation

/// The demo's model clients: rides sent to the predictor in batches, their ground truth reported
/// to the agent a little later, and the error of what was served, by city and model version.
struct DemoTraffic: Sendable {
    static let ridesPerSecond = 300
    static let labelDelay = 0.6
    static let tick = 0.2

    struct Answer: Decodable {
        var prediction: Double
        var model_version: Int
        var prediction_id: String
    }

    struct Tally: Sendable {
        var count = 0
        var squaredError = 0.0
        var rmse: Double { count > 0 ? (squaredError / Double(count)).squareRoot() : .nan }
        mutating func add(_ predicted: Double, _ actual: Double) {
            count += 1
            squaredError += (predicted - actual) * (predicted - actual)
        }
    }

    let client: DemoClient
    let predictorURL: String
    let agentURL: String
    var rides: DemoRides
    let say: DemoOutput
    private var pendingLabels: [(due: Date, body: String)] = []
    private var tallies: [String: Tally] = [:]
    private var order: [String] = []
    private var servedVersion: Int?
    /// Versions that have answered; under a rollout two answer at once.
    private var seenVersions: Set<Int> = []
    /// Whether a rollout shares traffic between versions (no single "serving" version then).
    var rollout = false

    init(client: DemoClient, predictorURL: String, agentURL: String, rides: DemoRides, say: DemoOutput) {
        self.client = client
        self.predictorURL = predictorURL
        self.agentURL = agentURL
        self.rides = rides
        self.say = say
    }

    static func name(_ regime: DemoRides.Regime) -> String { regime == .usual ? "usual city" : "changed city" }

    /// Sends traffic from `regime` until `done` (given the seconds since this phase began) says stop.
    mutating func run(_ regime: DemoRides.Regime, ridesPerSecond: Int = ridesPerSecond, until done: (Double) async -> Bool) async throws {
        let phaseStart = Date()
        var lastReport = Date(), recent = Tally(), recentVersions: [Int: Int] = [:]
        while !(await done(Date().timeIntervalSince(phaseStart))) {
            let tickStart = Date()
            let batch = (0..<max(1, Int(Double(ridesPerSecond) * Self.tick))).map { _ in rides.ride(regime) }
            let data = try await client.post(predictorURL + "/predict", json: "[" + batch.map(\.features).joined(separator: ",") + "]")
            let answers = try JSONDecoder().decode([Answer].self, from: data)
            for (ride, answer) in zip(batch, answers) {
                let key = "\(Self.name(regime)), served by v\(answer.model_version)"
                if tallies[key] == nil { order.append(key) }
                tallies[key, default: Tally()].add(answer.prediction, ride.duration)
                recent.add(answer.prediction, ride.duration)
                recentVersions[answer.model_version, default: 0] += 1
                if rollout {
                    if seenVersions.insert(answer.model_version).inserted, servedVersion != nil {
                        say("predictor: v\(answer.model_version) answers rides now")
                    }
                    if servedVersion == nil { servedVersion = answer.model_version }
                } else if servedVersion != answer.model_version {
                    if servedVersion != nil { say("predictor hot-reloaded: now serving v\(answer.model_version)") }
                    servedVersion = answer.model_version
                }
            }
            let labels = zip(batch, answers).map { #"{"id": "\#($1.prediction_id)", "actual": \#($0.duration)}"# }
            pendingLabels.append((Date().addingTimeInterval(Self.labelDelay), "[" + labels.joined(separator: ",") + "]"))
            try await postLabels(dueBy: Date())
            if Date().timeIntervalSince(lastReport) >= 3 {
                let versions = recentVersions.count == 1 ? "v\(recentVersions.keys.first!)"
                    : recentVersions.sorted { $0.key < $1.key }.map { "v\($0.key) (\($0.value))" }.joined(separator: " and ")
                say(String(format: "traffic (%@): %d rides served by %@ in the last %.0f s, RMSE %.2f", Self.name(regime), recent.count,
                           versions, Date().timeIntervalSince(lastReport), recent.rmse))
                lastReport = Date()
                recent = Tally()
                recentVersions = [:]
            }
            let rest = Self.tick - Date().timeIntervalSince(tickStart)
            if rest > 0 { try await Task.sleep(for: .milliseconds(Int(rest * 1000))) }
        }
    }

    /// Reports the ground truth still waiting.
    mutating func flushLabels() async throws {
        try await postLabels(dueBy: .distantFuture)
    }

    private mutating func postLabels(dueBy now: Date) async throws {
        while let first = pendingLabels.first, first.due <= now {
            _ = try await client.post(agentURL + "/v1/labels", json: first.body)
            pendingLabels.removeFirst()
        }
    }

    /// Light traffic from the changed city until cancelled, for Prometheus and Grafana to watch.
    /// How long each city lasts while the demo keeps running: longer than the shipped rules' five
    /// minutes, so that a drift alert fires before the city changes back.
    static let cyclePeriod: Double = 8 * 60

    /// A trickle of traffic until cancelled, the city alternating between its usual and its changed
    /// self every ``cyclePeriod`` (starting with the usual one: the champion now knows the changed
    /// city), so that whichever model serves, drift appears and goes again.
    mutating func trickle() async throws {
        var regime = DemoRides.Regime.usual
        while !Task.isCancelled {
            try await run(regime, ridesPerSecond: 20) { elapsed in Task.isCancelled || elapsed >= Self.cyclePeriod }
            regime = regime == .usual ? .changed : .usual
        }
    }

    func summaryLines() -> [String] {
        order.map { key in
            let tally = tallies[key]!
            return String(format: "%@: %d rides, RMSE %.2f", key, tally.count, tally.rmse)
        }
    }
}
