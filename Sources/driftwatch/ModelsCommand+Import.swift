import ArgumentParser
import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation

extension ModelsCommand {
    /// `models import`: a booster trained by XGBoost in Python becomes a registered version that
    /// serves, scores, is monitored and is gated like one Driftwatch trained.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Register an XGBoost booster trained outside Driftwatch (a model file, an MLflow model directory, or a model on an MLflow tracking server).",
            discussion: """
            The booster's feature names give its inputs: 'column=value' is the one-hot of categorical \
            column (scikit-learn's DictVectorizer), any other name a numeric column. Supported: gbtree and \
            dart boosters with numeric splits and the objectives reg:squarederror, reg:absoluteerror, \
            reg:pseudohubererror, reg:logistic, binary:logistic, binary:logitraw, count:poisson, reg:gamma, reg:tweedie.
            """
        )

        @Argument(help: "Model name in the registry.")
        var name: String

        @Option(help: ArgumentHelp("XGBoost model file (Booster.save_model: JSON, or UBJSON as in .ubj).", valueName: "file"))
        var xgboost: String?

        @Option(name: .customLong("mlflow-model"), help: ArgumentHelp("MLflow model directory holding an MLmodel file with an xgboost flavor.", valueName: "dir"))
        var mlflowModel: String?

        @Option(help: ArgumentHelp("MLflow tracking server to fetch --model-uri from (credentials from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD).", valueName: "url"))
        var mlflow: String?

        @Option(name: .customLong("model-uri"), help: ArgumentHelp("Model on the tracking server: models:/NAME@ALIAS, models:/NAME/VERSION, models:/m-ID or runs:/RUN_ID/PATH.", valueName: "uri"))
        var modelURI: String?

        @Option(help: ArgumentHelp("Schema (YAML): input kinds, target and prediction column; names the features of a booster saved without names.", valueName: "file"))
        var schema: String?

        @Option(help: ArgumentHelp("Training data (CSV, JSON Lines, Parquet), profiled with the model's predictions as the version's reference.", valueName: "file"))
        var reference: String?

        @Option(help: "Target column (default: the schema's target).")
        var target: String?

        @Option(name: .customLong("prediction-column"), help: "Prediction column (default: the schema's, else 'prediction').")
        var predictionColumn: String?

        @Option(name: .customLong("one-hot-absent"), help: "What a one-hot absent from a record is: missing (trained on a DictVectorizer's sparse matrix) or zero (trained on a dense matrix).")
        var oneHotAbsent: XGBoostInputs.OneHotAbsent = .missing

        @OptionGroup var registryOptions: RegistryOptions

        func validate() throws {
            let sources = [xgboost != nil, mlflowModel != nil, mlflow != nil || modelURI != nil].filter { $0 }.count
            guard sources == 1 else { throw ValidationError("give one of --xgboost FILE, --mlflow-model DIR, or --mlflow URL with --model-uri URI") }
            if (mlflow == nil) != (modelURI == nil) { throw ValidationError("--mlflow and --model-uri go together") }
        }

        func run() async throws {
            let (file, source, origin) = try await modelFile()
            var request = XGBoostImport(file: file, source: source)
            if let schema { request.schema = (try SchemaSpec.load(path: schema), schema) }
            request.target = target
            request.predictionColumn = predictionColumn
            request.oneHotAbsent = oneHotAbsent
            request.referencePath = reference
            // Everything is checked before the registry is opened: a refused import leaves nothing behind.
            let outcome = try request.run(codeVersion: DriftwatchVersion.current)
            let registry = try await registryOptions.open(create: true)
            var params = origin
            if let reference { params["reference"] = reference }
            let result = try await ImportJob.register(outcome, model: name, registry: registry, codeVersion: DriftwatchVersion.current, origin: params)
            if registryOptions.format == .json { return try Listing.json(result.version) }
            let artifact = outcome.artifact
            print("Registered \(name) version \(result.version.version) (run \(result.runID)), imported from \(source)")
            if case .xgboost(let imported) = artifact.model.fitted {
                print("  \(imported.booster.booster), \(imported.booster.objective.rawValue), \(imported.booster.trees.count) trees, \(imported.booster.featureCount) features")
            }
            let inputs = artifact.schema.columns.filter { $0.role == .feature }
            print("  inputs: \(inputs.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")); target \(artifact.target); prediction column \(artifact.predictionColumn)")
            if let profile = outcome.profile {
                print("  reference: \(profile.rowCount) rows of \(reference!)\(artifact.metrics.isEmpty ? "" : "; on them: " + Listing.metrics(artifact.metrics))")
            } else {
                print("  no reference profile (give --reference with the training data for an agent to follow this version)")
            }
            print("  promote with: driftwatch models promote \(name) \(result.version.version) --registry \(PostgresLocation.redacted(registryOptions.registry))")
        }

        /// The booster's bytes, the name errors give it, and where it came from.
        private func modelFile() async throws -> (Data, String, [String: String]) {
            if let xgboost {
                guard let data = FileManager.default.contents(atPath: xgboost) else {
                    throw DataError(file: xgboost, FileManager.default.fileExists(atPath: xgboost) ? "cannot be read" : "no such file")
                }
                return (data, xgboost, ["xgboost_file": xgboost])
            }
            if let mlflowModel {
                let (file, source, _) = try MLflowModelFile.load(directory: mlflowModel)
                return (file, source, ["mlflow_model": mlflowModel])
            }
            guard let mlflow, let server = URL(string: mlflow), ["http", "https"].contains(server.scheme ?? "") else {
                throw DataError(file: "--mlflow", "'\(mlflow ?? "")' is not an http(s) URL of a tracking server")
            }
            let uri = try MLflowModelURI(modelURI ?? "")
            let fetched = try await MLflowTrackingServer(url: server, credentials: MLflowTrackingServer.environmentCredentials()).fetch(uri)
            return (fetched.file, fetched.source, fetched.origin)
        }
    }
}

extension XGBoostInputs.OneHotAbsent: ExpressibleByArgument {}
