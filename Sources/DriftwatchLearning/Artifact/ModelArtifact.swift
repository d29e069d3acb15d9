import DriftwatchData
import Foundation

/// Everything a registered model version is: the model, the contract it serves (input columns,
/// target, prediction column), how it was trained and how well it did. Written as one
/// self-describing file whose header carries the format version and a SHA-256 of the payload.
public struct ModelArtifact: Sendable, Codable, Equatable {
    public static let formatVersion = 1
    static let magic = "DRIFTWATCH-MODEL"

    public var formatVersion: Int
    public var model: Model
    /// Input columns with their kinds, the target and the prediction column.
    public var schema: Schema
    public var target: String
    public var predictionColumn: String
    /// Hyper-parameters of the final fit.
    public var params: [String: Double]
    /// Validation metrics of the chosen parameters (e.g. `rmse`, `mae`, `r2`, `accuracy`, `log_loss`).
    public var metrics: [String: Double]
    public var training: TrainingProvenance

    public init(model: Model, schema: Schema, target: String, predictionColumn: String, params: [String: Double], metrics: [String: Double], training: TrainingProvenance) {
        formatVersion = Self.formatVersion
        self.model = model
        self.schema = schema
        self.target = target
        self.predictionColumn = predictionColumn
        self.params = params
        self.metrics = metrics
        self.training = training
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case model, schema, target
        case predictionColumn = "prediction_column"
        case params, metrics, training
    }
}

/// Where a model came from.
public struct TrainingProvenance: Sendable, Codable, Equatable {
    /// SHA-256 of the training data file.
    public var fingerprint: String
    public var rows: Int
    /// Version of Driftwatch that trained the model.
    public var codeVersion: String
    public var trainedAt: Date
    public var seed: UInt64

    public init(fingerprint: String, rows: Int, codeVersion: String, trainedAt: Date, seed: UInt64) {
        self.fingerprint = fingerprint
        self.rows = rows
        self.codeVersion = codeVersion
        self.trainedAt = trainedAt
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case fingerprint, rows
        case codeVersion = "code_version"
        case trainedAt = "trained_at"
        case seed
    }
}

/// Why an artifact could not be read.
public struct ArtifactError: DriftwatchError, Equatable, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

extension ModelArtifact {
    /// The framing of artifact files: header line with format version, SHA-256 and length.
    public static let fileFormat = ChecksummedFile(magic: magic, version: formatVersion, noun: "model")

    /// The file contents: a header line `DRIFTWATCH-MODEL <version> sha256=<hex> bytes=<n>` and the JSON payload.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Self.fileFormat.encode(try encoder.encode(self))
    }

    /// Reads and verifies an artifact: magic, format version, payload length and checksum.
    public static func decode(_ data: Data, path: String) throws -> ModelArtifact {
        let version: Int, payload: Data
        do {
            (version, payload) = try fileFormat.decode(data)
        } catch let failure as ChecksummedFile.Failure {
            throw ArtifactError(path: path, message: failure.message)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            let artifact = try decoder.decode(ModelArtifact.self, from: payload)
            guard artifact.formatVersion == version else {
                throw ArtifactError(path: path, message: "header says format \(version) but the payload says \(artifact.formatVersion)")
            }
            if let problem = artifact.problem() { throw ArtifactError(path: path, message: problem) }
            return artifact
        } catch let error as ArtifactError {
            throw error
        } catch {
            throw ArtifactError(path: path, message: "payload does not decode as a model: \(JSONProblem.describe(error))")
        }
    }

    public static func load(path: String) throws -> ModelArtifact {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArtifactError(path: path, message: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        return try decode(data, path: path)
    }

    /// Writes the artifact atomically (temporary file, then rename), so a crash never leaves a half-written model.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoded().write(to: url, options: .atomic)
    }
}
