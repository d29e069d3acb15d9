import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchLearning

/// Artifacts that pass their checksum but do not hold together are refused at load with the
/// field named (the trap came at the first prediction before); hyper-parameters that cannot be
/// fitted are refused before anything is.
@Suite struct HostileArtifactTests {
    func refusal(_ change: (inout ModelArtifact) -> Void, kind: ModelKind = .ridge) throws -> String {
        var artifact = try ArtifactTests().artifact(kind: kind).0
        change(&artifact)
        do {
            _ = try ModelArtifact.decode(try artifact.encoded(), path: "m.dwm")
            return "accepted"
        } catch let error as ArtifactError {
            #expect(error.description.count <= 300 && !error.description.contains("\n"))
            return error.description
        }
    }

    @Test func anArtifactIsValidatedWholeAtLoad() throws {
        #expect(try refusal({ $0.model.encoder.categorical[0].vocabulary.append($0.model.encoder.categorical[0].vocabulary[0]) })
            .hasPrefix("m.dwm: model.encoder.categorical[0].vocabulary: '"))
        #expect(try refusal({ artifact in
            if case .linear(var linear) = artifact.model.fitted { linear.coefficients.removeLast(); artifact.model.fitted = .linear(linear) }
        }).hasSuffix("coefficients for \(try ArtifactTests().artifact(kind: .ridge).0.model.encoder.width) encoded features"))
        #expect(try refusal({ $0.model.encoder.numeric[0].scale = 0 }) == "m.dwm: model.encoder.numeric[0].scale must be finite and positive")
        #expect(try refusal({ $0.schema.columns.removeFirst() }) == "m.dwm: schema: input column 'distance' is not in it")
        #expect(try refusal({ artifact in
            if case .trees(var trees) = artifact.model.fitted { trees.trees[0].feature[0] = 99; artifact.model.fitted = .trees(trees) }
        }, kind: .gradientBoostedTrees).hasPrefix("m.dwm: model.fitted.trees.trees[0].feature[0]: 99 is outside"))
        #expect(try refusal({ artifact in
            if case .trees(var trees) = artifact.model.fitted { trees.trees[1].left[0] = 0; artifact.model.fitted = .trees(trees) }
        }, kind: .gradientBoostedTrees) == "m.dwm: model.fitted.trees.trees[1].left[0]: 0 is not a later node of the tree")
        #expect(try refusal({ artifact in
            if case .trees(var trees) = artifact.model.fitted { trees.trees[2].value.removeLast(); artifact.model.fitted = .trees(trees) }
        }, kind: .gradientBoostedTrees).contains("the node arrays differ in length"))
    }

    @Test func decoderInternalsStayOut() throws {
        let artifact = try ArtifactTests().artifact(kind: .ridge).0
        var text = String(decoding: try JSONEncoder().encode(artifact), as: UTF8.self)
        text = text.replacingOccurrences(of: #""coefficients":["#, with: #""coefficients":["x","#)
        let file = ModelArtifact.fileFormat.encode(Data(text.utf8))
        #expect(throws: ArtifactError(path: "m", message: "payload does not decode as a model: wrong type at 'model.fitted.linear.coefficients[0]'")) {
            try ModelArtifact.decode(file, path: "m")
        }
    }

    @Test(arguments: [("max_iter", Double.infinity), ("max_iter", 1e300), ("max_iter", Double.nan), ("min_samples_leaf", 2.5), ("max_bins", 300), ("learning_rate", 0)])
    func hyperParametersOutOfRangeAreRefused(name: String, value: Double) throws {
        #expect(HyperParameters.problem(name, value) != nil)
        let yaml = """
            model: m
            data: d.csv
            target: y
            features: {numeric: [a]}
            estimator: {kind: gradient_boosted_trees, params: {\(name): \(value.isNaN ? ".nan" : value.isInfinite ? ".inf" : String(value))}}
            """
        #expect(throws: DataError.self) { try TrainingConfig.parse(yaml: yaml, source: "train.yaml") }
        do {
            _ = try TrainingConfig.parse(yaml: yaml, source: "train.yaml")
        } catch let error as DataError {
            #expect(error.description.hasPrefix("train.yaml:5: estimator.params.\(name) must be"), "\(error)")
        }
    }

    @Test func hyperParametersInRangeAreTaken() {
        for (name, value) in [("max_iter", 100.0), ("min_samples_leaf", 1), ("max_bins", 256), ("learning_rate", 0.05), ("alpha", 0), ("early_stopping", 1)] {
            #expect(HyperParameters.problem(name, value) == nil, "\(name) = \(value)")
        }
    }
}
