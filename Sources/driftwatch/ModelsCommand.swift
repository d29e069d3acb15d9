import ArgumentParser
import DriftwatchRegistry
import Foundation

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List registered models, import XGBoost boosters, inspect versions, move aliases, decide on challengers, share traffic between versions.",
        subcommands: [List.self, Show.self, Import.self, Promote.self, Rollback.self, Approve.self, Reject.self, Traffic.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered models and their aliases.")

        @OptionGroup var registryOptions: RegistryOptions

        func run() async throws {
            let models = try await registryOptions.open().store.models()
            if registryOptions.format == .json { return try Listing.json(models) }
            Listing.table(["model", "latest", "aliases", "created"], models.map { model in
                [model.name, String(model.latestVersion), model.aliases.keys.sorted().map { "\($0)→\(model.aliases[$0]!)" }.joined(separator: " "),
                 Listing.date(model.createdAt)]
            })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a model's versions, the audit log of its aliases and its recent retrain attempts.")

        @Argument(help: "Model name.")
        var name: String

        @OptionGroup var registryOptions: RegistryOptions

        struct Details: Encodable {
            var versions: [ModelVersion]
            var audit: [AliasMove]
            var attempts: [RetrainAttempt]
        }

        func run() async throws {
            let (versions, audit, attempts) = try await registryOptions.using { registry in
                let store = registry.store
                let versions = try await store.versions(model: name)
                guard !versions.isEmpty else { throw RegistryError.unknownModel(name) }
                return (versions, try await store.auditLog(model: name), try await store.attempts(model: name, limit: 10))
            }
            if registryOptions.format == .json { return try Listing.json(Details(versions: versions, audit: audit, attempts: attempts)) }
            Listing.table(["version", "aliases", "rows", "metrics", "run", "created"], versions.map {
                [String($0.version), $0.aliases.joined(separator: " "), String($0.trainingRows), Listing.metrics($0.metrics), $0.runID ?? "–", Listing.date($0.createdAt)]
            })
            if !audit.isEmpty {
                print("\nalias moves:")
                Listing.table(["when", "alias", "from", "to", "kind", "actor", "reason"], audit.map {
                    [Listing.date($0.at), $0.alias, $0.fromVersion.map(String.init) ?? "–", String($0.toVersion), $0.kind.rawValue, $0.actor, $0.reason]
                })
            }
            if !attempts.isEmpty {
                print("\nretrain attempts:")
                Listing.table(["id", "state", "started", "champion", "challenger", "trigger", "detail"], attempts.map {
                    [String($0.id), $0.state.rawValue, Listing.date($0.startedAt), $0.championVersion.map(String.init) ?? "–",
                     $0.challengerVersion.map(String.init) ?? "–", $0.trigger, $0.detail]
                })
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Point an alias (default champion) at a version.")

        @Argument(help: "Model name.")
        var name: String

        @Argument(help: "Version number.")
        var version: Int

        @Option(help: "Alias to move.")
        var alias: String = "champion"

        @Option(help: "Why, for the audit log.")
        var reason: String = "manual promotion"

        @OptionGroup var registryOptions: RegistryOptions

        func run() async throws {
            guard let move = try await registryOptions.using({ try await $0.promote(model: name, version: version, alias: alias, reason: reason, actor: registryOptions.actor) }) else {
                if registryOptions.format == .json { return print("null") }
                return print("\(name): \(alias) already → \(version); nothing moved")
            }
            if registryOptions.format == .json { return try Listing.json(move) }
            print("\(name): \(alias) \(move.fromVersion.map { "\($0) → " } ?? "→ ")\(move.toVersion)")
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an alias back to the version it pointed at before.")

        @Argument(help: "Model name.")
        var name: String

        @Option(help: "Alias to move back.")
        var alias: String = "champion"

        @Option(help: "Why, for the audit log.")
        var reason: String = "manual rollback"

        @OptionGroup var registryOptions: RegistryOptions

        func run() async throws {
            let move = try await registryOptions.using { try await $0.rollback(model: name, alias: alias, reason: reason, actor: registryOptions.actor) }
            if registryOptions.format == .json { return try Listing.json(move) }
            print("\(name): \(alias) \(move.fromVersion.map(String.init) ?? "–") → \(move.toVersion) (rollback)")
        }
    }
}
