import ArgumentParser
import DriftwatchRegistry
import Foundation

/// `--registry` and `--format`, shared by the commands that read or write the registry.
struct RegistryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Registry: a directory (created if missing) or postgres://user@host:port/database.", valueName: "location"))
    var registry: String = ProcessInfo.processInfo.environment["DRIFTWATCH_REGISTRY"] ?? "driftwatch-registry"

    @Option(help: "Output format: table or json.")
    var format: ListingFormat = .table

    /// The registry named by `--registry`; only `create` (train) makes a new one.
    func open(create: Bool = false) async throws -> Registry {
        try await Registry.open(registry, create: create)
    }

    /// Runs `body` on the registry; what it lacks is said with the registry's location.
    func using<T>(_ body: (Registry) async throws -> T) async throws -> T {
        let registry = try await open()
        return try await registry.naming { try await body(registry) }
    }

    /// Who moved an alias, for the audit log.
    var actor: String {
        "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")
    }
}

enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Prints rows as aligned columns, or records as JSON.
enum Listing {
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            print(row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
    }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // snake_case, as every other JSON Driftwatch writes (reports, HTTP answers).
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func date(_ date: Date?) -> String {
        guard let date else { return "–" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime]
        return formatter.string(from: date)
    }

    static func metrics(_ metrics: [String: Double], keys: [String]? = nil) -> String {
        (keys ?? metrics.keys.sorted()).compactMap { key in metrics[key].map { "\(key)=\(String(format: "%.4g", $0))" } }.joined(separator: " ")
    }
}
