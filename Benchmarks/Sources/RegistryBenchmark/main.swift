import DriftwatchData
import DriftwatchRegistry
import Foundation

/// Registry operations per second — registering a version (with a 64 KiB artifact and a reference
/// profile) and promoting an alias — in an SQLite registry directory and, when a URL is given, a
/// PostgreSQL registry; the median of `repetitions` runs of `operations` each.
///
/// Usage: RegistryBenchmark [postgres://… URL of an empty database] [operations] [repetitions]
let arguments = CommandLine.arguments
let postgresURL = arguments.count > 1 && PostgresLocation.isURL(arguments[1]) ? arguments[1] : nil
let operations = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let repetitions = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3

let artifact = Data((0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
let profile = Data(repeating: 0x2A, count: 16_384)

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Registers `operations` versions of a new model, then promotes each in turn; operations/s of both.
func measure(_ registry: Registry, run: Int) async throws -> (register: Double, promote: Double) {
    let model = "bench-\(run)-\(UUID().uuidString.prefix(6))"
    let clock = ContinuousClock()
    let registering = try await clock.measure {
        for index in 0..<operations {
            var bytes = artifact
            bytes[0] = UInt8(truncatingIfNeeded: index)
            bytes[1] = UInt8(truncatingIfNeeded: index >> 8)
            _ = try await registry.store.createVersion(NewModelVersion(model: model, runID: nil, artifactPath: "artifacts/\(model)/\(index).dwm",
                                                                       checksum: SHA256.hex(bytes), metrics: ["rmse": 1], trainingRows: 1000,
                                                                       fingerprint: "f", codeVersion: "bench", referenceProfile: profile, artifact: bytes))
        }
    }
    let promoting = try await clock.measure {
        for version in 1...operations {
            try await registry.promote(model: model, version: version, reason: "benchmark", actor: "bench")
        }
    }
    return (Double(operations) / registering.inSeconds, Double(operations) / promoting.inSeconds)
}

func report(_ name: String, _ registry: Registry) async throws {
    var registers: [Double] = [], promotes: [Double] = []
    for run in 0..<repetitions {
        let (register, promote) = try await measure(registry, run: run)
        registers.append(register)
        promotes.append(promote)
    }
    print(String(format: "%@: register %.0f versions/s, promote %.0f moves/s (median of %d runs of %d)", name, median(registers), median(promotes), repetitions, operations))
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-registry-bench-\(UUID().uuidString.prefix(8))")
defer { try? FileManager.default.removeItem(at: directory) }
try await report("SQLite registry (directory)", try Registry.open(directory: directory.path))
if let postgresURL {
    try await report("PostgreSQL registry", try await Registry.open(postgresURL))
} else {
    print("no postgres:// URL given: the PostgreSQL registry is not measured")
}
