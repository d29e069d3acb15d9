import ArgumentParser
import DriftwatchRegistry
import Foundation

extension ModelsCommand {
    struct Traffic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set how requests are shared between the champion and a challenger.",
            discussion: """
                Without a policy flag, shows the policy in force and its audit log. \
                --shadow: the challenger scores every request too, logged and never returned. \
                --canary PCT: the challenger answers PCT percent of requests (a release). \
                --ab PCT: the same split held for an experiment. --off: every request to the champion. \
                Predictors follow the change within their reload interval; one policy per model at a time.
                """
        )

        @Argument(help: "Model name.")
        var name: String

        @Flag(help: "Shadow: the challenger scores every request; its answer is logged, not returned.")
        var shadow = false

        @Option(help: ArgumentHelp("Canary: the percentage of requests (0–100) the challenger answers.", valueName: "percent"))
        var canary: Double?

        @Option(help: ArgumentHelp("A/B test: the percentage of requests (0–100) the challenger answers.", valueName: "percent"))
        var ab: Double?

        @Flag(help: "End the policy: every request goes to the champion.")
        var off = false

        @Option(name: .customLong("challenger-alias"), help: "The alias whose version is the challenger.")
        var challengerAlias: String = "challenger"

        @Option(help: ArgumentHelp("A request field that routes requests (one value, one version); default: the Driftwatch-Routing-Key header, else at random.", valueName: "field"))
        var key: String?

        @Option(help: "Why, for the audit log.")
        var reason: String = "manual traffic change"

        @OptionGroup var registryOptions: RegistryOptions

        struct Details: Encodable {
            var policy: TrafficPolicy?
            var changes: [TrafficChange]
        }

        /// The requested policy: nil for --off, absent (`.none`) when only showing.
        func request() throws -> TrafficRequest?? {
            let chosen = [shadow, canary != nil, ab != nil, off].filter { $0 }.count
            guard chosen <= 1 else { throw OptionValidationFailure(message: "choose one of --shadow, --canary, --ab and --off") }
            if off { return .some(nil) }
            if shadow { return TrafficRequest(mode: .shadow, challengerAlias: challengerAlias, weight: 0, key: key) }
            if let canary { return TrafficRequest(mode: .canary, challengerAlias: challengerAlias, weight: canary, key: key) }
            if let ab { return TrafficRequest(mode: .ab, challengerAlias: challengerAlias, weight: ab, key: key) }
            return .none
        }

        func run() async throws {
            let wanted = try request()
            let registry = try await registryOptions.open()
            try await registry.naming { try await run(wanted, store: registry.store) }
        }

        /// Sets the policy `wanted` asks for, or shows the one in force and its audit log.
        private func run(_ wanted: TrafficRequest??, store: any RegistryStore) async throws {
            if case .some(let request) = wanted {
                let change = try await store.setTraffic(model: name, request, reason: reason, actor: registryOptions.actor)
                if registryOptions.format == .json { return try Listing.json(change) }
                print("\(name): \(Self.describe(change.fromMode, change.fromWeight)) → \(Self.describe(change.toMode, change.toWeight))")
                return
            }
            guard try await store.models().contains(where: { $0.name == name }) else { throw RegistryError.unknownModel(name) }
            let policy = try await store.trafficPolicy(model: name), changes = try await store.trafficLog(model: name)
            if registryOptions.format == .json { return try Listing.json(Details(policy: policy, changes: changes)) }
            if let policy {
                let version = try await store.aliasVersion(model: name, alias: policy.challengerAlias)
                print("\(name): \(Self.describe(policy.mode, policy.weight)) to '\(policy.challengerAlias)' (version \(version.map(String.init) ?? "–"))\(policy.key.map { ", routed by '\($0)'" } ?? "")")
            } else {
                print("\(name): no traffic policy; every request goes to the champion")
            }
            if !changes.isEmpty {
                print("\ntraffic changes:")
                Listing.table(["when", "from", "to", "alias", "actor", "reason"], changes.map {
                    [Listing.date($0.at), Self.describe($0.fromMode, $0.fromWeight), Self.describe($0.toMode, $0.toWeight), $0.challengerAlias ?? "–", $0.actor, $0.reason]
                })
            }
        }

        static func describe(_ mode: TrafficMode?, _ weight: Double?) -> String {
            guard let mode else { return "off" }
            return mode == .shadow ? "shadow" : "\(mode.rawValue) \(String(format: "%g", weight ?? 0))%"
        }
    }
}
