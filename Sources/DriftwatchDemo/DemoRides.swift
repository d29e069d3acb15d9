import DriftStatistics
import DriftwatchLearning
import Foundation

/// Synthetic ride-duration traffic for the demo: the usual city, and a changed one where trips
/// are longer and start at the airport more often (a covariate shift) and every trip takes longer
/// for the same distance (roadworks: a concept change the model cannot know about).
struct DemoRides {
    enum Regime: Sendable {
        case usual
        case changed
    }

    struct Ride: Sendable {
        var hour: Int
        var weekday: Int
        var distance: Double
        var pickup: String
        var dropoff: String
        var duration: Double

        /// The features the predictor takes.
        var features: String {
            #"{"pickup_hour": \#(hour), "weekday": \#(weekday), "trip_distance": \#(distance), "PU_location": "\#(pickup)", "DO_location": "\#(dropoff)"}"#
        }

        var csv: String { "\(hour),\(weekday),\(distance),\(pickup),\(dropoff),\(duration)" }
        static let csvHeader = "pickup_hour,weekday,trip_distance,PU_location,DO_location,duration"
    }

    static let zones = ["Midtown", "Downtown", "Airport", "Harbor", "University", "Old Town", "Stadium", "Riverside"]
    /// Minutes each pickup zone adds (getting out of it).
    static let zoneDelay: [String: Double] = ["Midtown": 3, "Downtown": 4, "Airport": 6, "Harbor": 1, "University": 0.5, "Old Town": 2.5, "Stadium": 1.5, "Riverside": 0]

    var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }

    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform())
    }

    mutating func ride(_ regime: Regime) -> Ride {
        let hour = Int(uniform() * 24)
        let weekday = Int(uniform() * 7)
        let changed = regime == .changed
        let pickup = changed && uniform() < 0.4 ? "Airport" : Self.zones[Int(uniform() * Double(Self.zones.count))]
        let dropoff = Self.zones[Int(uniform() * Double(Self.zones.count))]
        var distance = exp(0.9 + 0.6 * normal() + (changed ? 0.45 : 0))
        distance = (min(distance, 40) * 100).rounded() / 100
        let rush = (7...9).contains(hour) || (16...19).contains(hour)
        var duration = 3 + 2.1 * distance * (rush ? 1.25 : 1) + (Self.zoneDelay[pickup] ?? 0) + 1.5 * normal()
        if changed { duration = 1.35 * duration + 6 }
        duration = (max(duration, 1) * 100).rounded() / 100
        return Ride(hour: hour, weekday: weekday, distance: distance, pickup: pickup, dropoff: dropoff, duration: duration)
    }
}
