import DriftwatchData
import DriftwatchLearning
import Foundation

extension Registry {
    /// Reads a version's model artifact, checked against the checksum registered with it: what
    /// the predictor serves and the retrain loop's gate scores is exactly what was registered.
    public func artifact(model: String, version: Int) async throws -> ModelArtifact {
        guard let record = try await store.version(model: model, version: version) else {
            throw RegistryError.unknownVersion(model: model, version: version)
        }
        let path = absolutePath(record.artifactPath)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RegistryError.artifactMissing(model: model, version: version, path: path)
        }
        guard SHA256.hex(data) == record.checksum else {
            throw RegistryError.artifactChecksumMismatch(model: model, version: version)
        }
        return try ModelArtifact.decode(data, path: path)
    }
}
