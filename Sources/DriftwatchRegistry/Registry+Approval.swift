import Foundation

extension Registry {
    /// A person's decision on a challenger that waits in `awaiting_approval` (`loop.approval:
    /// manual`).
    public enum Decision: String, Sendable {
        case approve, reject
    }

    /// Approves or rejects the challenger of `model`'s attempt that waits for a person. The decision,
    /// who made it and why go to the attempt's transition log (append-only). An approved attempt is
    /// released by the agent at its next evaluation; a rejected one ends.
    @discardableResult
    public func decide(_ decision: Decision, model: String, reason: String, actor: String) async throws -> RetrainAttempt {
        guard let active = try await store.activeAttempt(model: model) else {
            if try await store.models().contains(where: { $0.name == model }) {
                throw RegistryError.nothingAwaitingApproval(model: model, state: nil)
            }
            throw RegistryError.unknownModel(model)
        }
        guard active.state == .awaitingApproval else { throw RegistryError.nothingAwaitingApproval(model: model, state: active.state) }
        let challenger = active.challengerVersion.map { "version \($0)" } ?? "the challenger"
        let verb = decision == .approve ? "approved" : "rejected"
        let detail = "\(challenger) \(verb) by \(actor)\(reason.isEmpty ? "" : ": \(reason)")"
        return try await store.advanceAttempt(id: active.id, from: .awaitingApproval, to: decision == .approve ? .approved : .rejected,
                                              update: AttemptUpdate(detail: detail), aliasMove: nil)
    }
}
