import ArgumentParser
import DriftwatchRegistry
import Foundation

extension ModelsCommand {
    /// `models approve` and `models reject`: a person's decision on a challenger that passed the
    /// gate and waits (`loop.approval: manual`).
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve the challenger awaiting approval; the agent releases it at its next evaluation.",
            discussion: "Only with loop.approval: manual. The decision, who made it and why are kept in the attempt's transition log."
        )

        @OptionGroup var decision: DecisionOptions

        func run() async throws { try await decision.decide(.approve) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject the challenger awaiting approval; the attempt ends and the champion stays.",
            discussion: "The decision, who made it and why are kept in the attempt's transition log."
        )

        @OptionGroup var decision: DecisionOptions

        func run() async throws { try await decision.decide(.reject) }
    }

    struct DecisionOptions: ParsableArguments {
        @Argument(help: "Model name.")
        var name: String

        @Option(help: "Why, for the transition log.")
        var reason: String = ""

        @OptionGroup var registryOptions: RegistryOptions

        func decide(_ decision: Registry.Decision) async throws {
            let attempt = try await registryOptions.using { try await $0.decide(decision, model: name, reason: reason, actor: registryOptions.actor) }
            if registryOptions.format == .json { return try Listing.json(attempt) }
            print("\(name): retrain attempt \(attempt.id) \(attempt.state.rawValue) (\(attempt.detail))")
        }
    }
}
