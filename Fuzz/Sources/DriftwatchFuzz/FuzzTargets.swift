import DriftwatchAgent
import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import Foundation

/// What each fuzz target does with its bytes: the same calls the binary makes on a file from
/// outside. Shared with the regression test, which replays every kept input through them.
public enum FuzzTargets {
    public static let names = ["profile", "artifact", "csv", "jsonl", "parquet", "yaml", "agent", "webconfig", "xgboost"]

    public static func run(_ target: String, _ data: Data) {
        switch target {
        case "profile":
            // The bytes are the payload: framed with a valid checksum, so mutations reach the decoder.
            _ = try? ReferenceProfile.decodeFile(ReferenceProfile.fileFormat.encode(data), source: "fuzz")
        case "artifact":
            guard let artifact = try? ModelArtifact.decode(ModelArtifact.fileFormat.encode(data), path: "fuzz") else { return }
            // A loaded artifact must predict without trapping.
            let predictor = RecordPredictor(artifact.model)
            _ = try? predictor.predict(Dictionary(uniqueKeysWithValues: predictor.inputColumns.map { ($0, FeatureInput.missing) }))
        case "csv":
            _ = try? DatasetReader.readBatch(data, source: "fuzz.csv", schema: nil)
        case "jsonl":
            _ = try? DatasetReader.readBatch(data, source: "fuzz.jsonl", schema: nil)
        case "parquet":
            _ = try? DatasetReader.readBatch(data, source: "fuzz.parquet", schema: nil)
        case "yaml":
            let text = String(decoding: data, as: UTF8.self)
            _ = try? SchemaSpec.parse(yaml: text, source: "fuzz.yaml")
            _ = try? DriftOptions.parse(yaml: text, source: "fuzz.yaml")
            _ = try? TrainingConfig.parse(yaml: text, source: "fuzz.yaml")
        case "xgboost":
            // An XGBoost model in JSON or UBJSON form; a loaded one must score without trapping.
            guard let booster = try? XGBoostBooster(data: data, source: "fuzz.ubj") else { return }
            _ = booster.predict([Float](repeating: .nan, count: booster.featureCount))
            _ = booster.predict([Float](repeating: 0, count: booster.featureCount))
        case "agent":
            // No environment: a token_env the input names must not pick up the fuzzer's variables.
            _ = try? AgentConfiguration.parse(yaml: String(decoding: data, as: UTF8.self), source: "fuzz.yaml", environment: [:])
        case "webconfig":
            _ = try? WebConfiguration.parse(yaml: String(decoding: data, as: UTF8.self), source: "fuzz.yml")
        default:
            fatalError("unknown fuzz target '\(target)' (known: \(names.joined(separator: ", ")))")
        }
    }
}
