import DriftwatchData
import DriftwatchLearning
import Foundation

extension Registry {
    /// Reads a version's model artifact, checked against the checksum registered with it: what
    /// the predictor serves and the retrain loop's gate scores is exactly what was registered.
    public func artifact(model: String, version: Int) async throws -> ModelArtifact {
        guard let data = try await store.artifact(model: model, version: version),
              let record = try await store.version(model: model, version: version) else {
            throw RegistryError.unknownVersion(model: model, version: version)
        }
        guard SHA256.hex(data) == record.checksum else {
            throw RegistryError.artifactChecksumMismatch(model: model, version: version)
        }
        return try ModelArtifact.decode(data, path: "\(location): \(record.artifactPath)")
    }
}
