import DriftwatchData
import Testing
@testable import DriftwatchRegistry

/// MLflow's model URIs as its own clients take them; anything else is refused naming the forms.
@Suite struct MLflowModelURITests {
    @Test func theFormsMLflowTakesAreRead() throws {
        #expect(try MLflowModelURI("models:/rides-xgb@champion") == .alias(name: "rides-xgb", alias: "champion"))
        #expect(try MLflowModelURI("models:/team/rides@prod") == .alias(name: "team/rides", alias: "prod"))
        #expect(try MLflowModelURI("models:/rides-xgb/12") == .version(name: "rides-xgb", version: 12))
        #expect(try MLflowModelURI("models:/m-ef9865f7adfd421f") == .loggedModel(id: "m-ef9865f7adfd421f"))
        #expect(try MLflowModelURI("runs:/03b166e92c1d/models_mlflow") == .run(id: "03b166e92c1d", path: "models_mlflow"))
        #expect(try MLflowModelURI("runs:/03b166e92c1d/models_mlflow").description == "runs:/03b166e92c1d/models_mlflow")
    }

    @Test(arguments: ["models:/", "models:/rides@", "models:/@champion", "models:/rides/0", "models:/rides/x", "runs:/abc",
                      "runs:/xyz/model", "runs:/abc/../secrets", "s3://bucket/model", "models:/rides"])
    func otherTextIsRefused(text: String) {
        #expect(throws: DataError.self) { try MLflowModelURI(text) }
        do { _ = try MLflowModelURI(text) } catch { #expect("\(error)".hasPrefix("--model-uri: '") && "\(error)".contains("(models:/NAME@ALIAS")) }
    }
}
