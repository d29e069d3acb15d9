import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchRegistry

/// The MLmodel file of an MLflow model directory: the xgboost flavor's file is found, and a
/// hostile MLmodel cannot point outside the directory.
@Suite struct MLflowModelFileTests {
    static let mlmodel = """
        artifact_path: mlflow-artifacts:/0/models/m-1/artifacts
        flavors:
          python_function: {data: model.ubj, loader_module: mlflow.xgboost}
          xgboost: {code: null, data: model.ubj, model_class: xgboost.core.Booster, model_format: ubj, xgb_version: 3.2.0}
        mlflow_version: 3.17.2
        """

    @Test func theXGBoostFlavorNamesTheFile() throws {
        let file = try MLflowModelFile(yaml: Self.mlmodel, source: "MLmodel")
        #expect(file.data == "model.ubj" && file.format == "ubj" && file.modelClass == "xgboost.core.Booster")
    }

    @Test(arguments: [
        ("flavors: {sklearn: {pickled_model: model.pkl}}", "MLmodel: flavors has no xgboost flavor (it has: sklearn); log the booster with mlflow.xgboost.log_model"),
        ("flavors: {xgboost: {data: ../../etc/passwd}}", "MLmodel: flavors.xgboost.data '../../etc/passwd' is not a path inside the model directory"),
        ("flavors: {xgboost: {data: /etc/passwd}}", "MLmodel: flavors.xgboost.data '/etc/passwd' is not a path inside the model directory"),
        ("flavors: {xgboost: {model_format: ubj}}", "MLmodel: flavors.xgboost.data does not name the model file"),
        ("flavors: [xgboost]", "MLmodel: flavors is missing or not a mapping"),
        ("- 1", "MLmodel: an MLmodel file is a mapping with 'flavors'"),
    ])
    func hostileFilesAreRefusedInOneLine(yaml: String, message: String) {
        #expect(throws: DataError.self) { try MLflowModelFile(yaml: yaml, source: "MLmodel") }
        do { _ = try MLflowModelFile(yaml: yaml, source: "MLmodel") } catch { #expect("\(error)" == message) }
    }

    @Test func aSymbolicLinkOutOfTheDirectoryIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlflow-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.mlmodel.utf8).write(to: directory.appendingPathComponent("MLmodel"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("model.ubj").path, withDestinationPath: "/etc/hostname")
        #expect(throws: DataError(file: directory.appendingPathComponent("MLmodel").path, "flavors.xgboost.data 'model.ubj' leads out of the model directory")) {
            try MLflowModelFile.load(directory: directory.path)
        }
    }
}
