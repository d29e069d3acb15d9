import DriftwatchData
import Foundation
import Yams

/// The `MLmodel` file of an MLflow model directory: which file of the directory holds the booster
/// its `xgboost` flavor saved (`mlflow.xgboost.log_model`; `model.ubj` or `model.xgb` since MLflow
/// 2.x with XGBoost ≥ 2.1, `model.json` when asked for). The name is a path inside the directory:
/// one that climbs out of it or is absolute is refused.
public struct MLflowModelFile: Sendable, Equatable {
    /// The booster's file, relative to the model directory.
    public var data: String
    /// `model_format` as written (`ubj`, `json`, `xgb`, …), for messages.
    public var format: String?
    public var modelClass: String?

    public static let name = "MLmodel"

    public init(yaml: String, source: String) throws {
        let root = try ConfigurationFile.mapping(yaml: yaml, source: source, expected: "an MLmodel file is a mapping with 'flavors'")
        guard let flavors = root["flavors"]?.mapping else { throw DataError(file: source, "flavors is missing or not a mapping") }
        guard let flavor = flavors["xgboost"]?.mapping else {
            let names = flavors.keys.compactMap(\.string).sorted().joined(separator: ", ")
            throw DataError(file: source, "flavors has no xgboost flavor (it has: \(names.isEmpty ? "none" : names)); log the booster with mlflow.xgboost.log_model")
        }
        guard let data = flavor["data"]?.string, !data.isEmpty else { throw DataError(file: source, "flavors.xgboost.data does not name the model file") }
        let parts = data.split(separator: "/", omittingEmptySubsequences: false)
        guard !data.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }), data.utf8.count <= 512, !data.contains("\0") else {
            throw DataError(file: source, "flavors.xgboost.data '\(Message.short(data, limit: 80))' is not a path inside the model directory")
        }
        self.data = data
        format = flavor["model_format"]?.string
        modelClass = flavor["model_class"]?.string
    }

    /// Reads an MLflow model directory: its `MLmodel` and the booster file its xgboost flavor names.
    public static func load(directory: String) throws -> (file: Data, source: String, model: MLflowModelFile) {
        let mlmodel = (directory as NSString).appendingPathComponent(name)
        let model = try MLflowModelFile(yaml: ConfigurationFile.text(at: mlmodel), source: mlmodel)
        let path = (directory as NSString).appendingPathComponent(model.data)
        // A symbolic link inside the directory could still lead out of it.
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw DataError(file: mlmodel, "flavors.xgboost.data '\(model.data)' leads out of the model directory")
        }
        guard let file = FileManager.default.contents(atPath: path) else {
            throw DataError(file: mlmodel, "flavors.xgboost.data names '\(model.data)', which \(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "is not in the directory")")
        }
        return (file, path, model)
    }
}
