import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchLearning

/// XGBoost models read from their JSON format and scored as `Booster.predict` scores them
/// (fixtures from `scripts/generate_xgboost_fixtures.py`, xgboost 3.2): every supported
/// objective, dart, the base score's stored forms, missing values, values beyond every split, and
/// a model trained on a DictVectorizer's sparse matrix with unseen categories.
@Suite struct XGBoostBoosterTests {
    struct Case: Decodable {
        var name: String
        var model: String
        var rows: [[Double?]]
        var predictions: [Double]
        var margins: [Double]
        /// What a client sends, for the DictVectorizer case (its rows are their encoding).
        var records: [[String: JSONScalar]]?
    }
    enum JSONScalar: Decodable {
        case number(Double), text(String)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
        var input: FeatureInput {
            switch self {
            case .number(let number): .number(number)
            case .text(let text): .text(text)
            }
        }
    }
    struct File: Decodable { var cases: [Case] }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/xgboost")

    @Test func predictionsEqualBoosterPredict() throws {
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: Self.folder.appendingPathComponent("cases.json"))).cases
        #expect(Set(cases.map(\.name)).isSuperset(of: XGBoostObjective.allCases.map { $0.rawValue.replacingOccurrences(of: ":", with: "_") } + ["dart", "dict_vectorizer_sparse", "dict_vectorizer_dense"]))
        var worst = 0.0
        for c in cases {
            let file = Self.folder.appendingPathComponent(c.model)
            let booster = try XGBoostBooster(data: Data(contentsOf: file), source: file.path)
            for (index, row) in c.rows.enumerated() {
                let values = row.map { $0.map(Float.init) ?? .nan }
                let (prediction, margin) = (booster.predict(values), booster.margin(values))
                let error = abs(prediction - c.predictions[index]) / max(1, abs(c.predictions[index]))
                worst = max(worst, error)
                #expect(error <= 1e-5, "\(c.name) row \(index): \(prediction) vs Booster.predict \(c.predictions[index])")
                #expect(abs(margin - c.margins[index]) <= 1e-5 * max(1, abs(c.margins[index])), "\(c.name) row \(index): margin \(margin) vs \(c.margins[index])")
            }
        }
        print("XGBoost agreement: largest relative difference from Booster.predict \(worst) over \(cases.reduce(0) { $0 + $1.rows.count }) rows")
    }

    @Test func theModelsFeatureNamesAndBoosterAreRead() throws {
        let sparse = try XGBoostBooster(data: Data(contentsOf: Self.folder.appendingPathComponent("dict_vectorizer_sparse.json")), source: "m.json")
        #expect(sparse.featureNames?.contains("PU_location=Airport") == true && sparse.featureNames?.contains("trip_distance") == true)
        #expect(sparse.featureCount == sparse.featureNames?.count && sparse.booster == "gbtree")
        let dart = try XGBoostBooster(data: Data(contentsOf: Self.folder.appendingPathComponent("dart.json")), source: "d.json")
        #expect(dart.booster == "dart" && dart.treeWeights.count == dart.trees.count && dart.treeWeights.contains { $0 != 1 })
    }

    /// Hostile or unsupported files are refused in one line naming the file and the field.
    @Test func badModelsAreRefusedNamingTheField() throws {
        let good = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.folder.appendingPathComponent("reg_squarederror.json"))) as! [String: Any]
        func edited(_ change: (inout [String: Any]) -> Void) throws -> Data {
            var model = good
            change(&model)
            return try JSONSerialization.data(withJSONObject: model)
        }
        func tree(_ model: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
            var learner = model["learner"] as! [String: Any], booster = learner["gradient_booster"] as! [String: Any]
            var inner = booster["model"] as! [String: Any], trees = inner["trees"] as! [[String: Any]]
            change(&trees[0])
            inner["trees"] = trees; booster["model"] = inner; learner["gradient_booster"] = booster; model["learner"] = learner
        }
        func learner(_ model: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
            var value = model["learner"] as! [String: Any]
            change(&value)
            model["learner"] = value
        }
        let binary = try Data(contentsOf: Self.folder.appendingPathComponent("ubjson_binary_logistic.ubj"))
        let cases: [(Data, String)] = [
            (Data("not json".utf8), "m.json: is not an XGBoost model in JSON or UBJSON form"),
            (binary.prefix(binary.count / 2), "m.json: is not an XGBoost model in JSON or UBJSON form (Booster.save_model): "),
            // A count of 2^62 items in a few bytes: refused before anything is allocated.
            (Data([UInt8(ascii: "{"), UInt8(ascii: "#"), UInt8(ascii: "L"), 0x40, 0, 0, 0, 0, 0, 0, 0]), "exceeds the 0 bytes left"),
            (Data([UInt8(ascii: "["), UInt8(ascii: "$"), UInt8(ascii: "Z"), UInt8(ascii: "#"), UInt8(ascii: "L"), 0x40, 0, 0, 0, 0, 0, 0, 0]), "a length of 4611686018427387904"),
            (Data(repeating: UInt8(ascii: "["), count: 10_000), "nesting deeper than 64"),
            (Data("{\"learner\": 1}".utf8), "m.json: learner is missing or not an object"),
            (try edited { learner(&$0) { $0["objective"] = ["name": "multi:softprob"] } }, "m.json: learner.objective.name objective 'multi:softprob' is not supported"),
            (try edited { learner(&$0) { $0["gradient_booster"] = ["name": "gblinear"] } }, "m.json: learner.gradient_booster.name booster 'gblinear' is not supported"),
            (try edited { learner(&$0) { var p = $0["learner_model_param"] as! [String: Any]; p["num_class"] = "3"; $0["learner_model_param"] = p } },
             "learner.learner_model_param.num_class is 3: multi-class"),
            (try edited { learner(&$0) { var p = $0["learner_model_param"] as! [String: Any]; p["base_score"] = "[1E0,2E0]"; $0["learner_model_param"] = p } },
             "base_score holds several scores"),
            (try edited { tree(&$0) { var l = $0["left_children"] as! [Int]; l[0] = 0; $0["left_children"] = l } },
             "trees[0].left_children[0] is 0.0: a child index must lie after its node"),
            (try edited { tree(&$0) { var s = $0["split_indices"] as! [Int]; s[0] = 99; $0["split_indices"] = s } },
             "trees[0].split_indices[0] is 99.0: the model has 6 features"),
            (try edited { tree(&$0) { var r = $0["right_children"] as! [Int]; r.removeLast(); $0["right_children"] = r } },
             "trees[0].right_children has"),
            (try edited { tree(&$0) { var t = $0["split_type"] as! [Int]; t[0] = 1; $0["split_type"] = t } }, "trees[0].split_type has categorical splits"),
        ]
        for (data, message) in cases {
            #expect {
                try XGBoostBooster(data: data, source: "m.json")
            } throws: { error in
                let text = "\(error)"
                return text.contains(message) && text.hasPrefix("m.json") && !text.contains("\n")
            }
        }
    }
}

/// Records become a booster's rows as scikit-learn's DictVectorizer makes them.
@Suite struct XGBoostInputsTests {
    @Test func recordsBecomeDictVectorizerRowsAndScoreAsInPython() throws {
        let file = try JSONDecoder().decode(XGBoostBoosterTests.File.self, from: Data(contentsOf: XGBoostBoosterTests.folder.appendingPathComponent("cases.json")))
        let sparse = try #require(file.cases.first { $0.name == "dict_vectorizer_sparse" })
        let records = try #require(sparse.records)
        let booster = try XGBoostBooster(data: Data(contentsOf: XGBoostBoosterTests.folder.appendingPathComponent(sparse.model)), source: sparse.model)
        let inputs = XGBoostInputs(featureNames: try #require(booster.featureNames))
        #expect(inputs.columns.numeric.sorted() == ["hour", "trip_distance"] && inputs.columns.categorical == ["PU_location"])
        for (index, record) in records.enumerated() {
            // A record the DictVectorizer saw without a key is sent with that column null.
            var values = record.mapValues(\.input)
            for column in ["hour", "trip_distance", "PU_location"] where values[column] == nil { values[column] = .missing }
            let (row, unseen) = try inputs.row(values)
            #expect(unseen == (record["PU_location"]?.input == .text("Unseen") ? ["PU_location"] : []))
            let expected = sparse.rows[index].map { $0.map(Float.init) ?? .nan }
            #expect(zip(row, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "record \(index): \(row) vs DictVectorizer \(expected)")
            #expect(abs(booster.predict(row) - sparse.predictions[index]) <= 1e-5 * max(1, abs(sparse.predictions[index])))
        }
        // Dense training: absent one-hots are zeros, absent numbers still missing.
        let dense = XGBoostInputs(featureNames: ["a", "c=x", "c=y"], oneHotAbsent: .zero)
        let row = try dense.row(["c": .text("y"), "a": .missing]).values
        #expect(row[0].isNaN && row[1] == 0 && row[2] == 1)
        #expect(try dense.row(["c": .text("unseen"), "a": .number(2)]) == ([2, 0, 0], ["c"]))
    }

    @Test func denseTrainedBoostersTakeAbsentOneHotsAsZeros() throws {
        let file = try JSONDecoder().decode(XGBoostBoosterTests.File.self, from: Data(contentsOf: XGBoostBoosterTests.folder.appendingPathComponent("cases.json")))
        let dense = try #require(file.cases.first { $0.name == "dict_vectorizer_dense" })
        let booster = try XGBoostBooster(data: Data(contentsOf: XGBoostBoosterTests.folder.appendingPathComponent(dense.model)), source: dense.model)
        let zero = XGBoostInputs(featureNames: try #require(booster.featureNames), oneHotAbsent: .zero)
        let missing = XGBoostInputs(featureNames: try #require(booster.featureNames), oneHotAbsent: .missing)
        var differs = false
        for (index, record) in try #require(dense.records).enumerated() {
            let row = try zero.row(record.mapValues(\.input)).values
            #expect(row == dense.rows[index].map { Float($0 ?? .nan) }, "record \(index)")
            #expect(abs(booster.predict(row) - dense.predictions[index]) <= 1e-5 * max(1, abs(dense.predictions[index])))
            // Read as missing, the zeros would have gone the other way at some split.
            let asMissing = booster.predict(try missing.row(record.mapValues(\.input)).values)
            differs = differs || abs(asMissing - dense.predictions[index]) > 1e-3
        }
        #expect(differs, "the fixture does not tell the two conventions apart")
    }

    @Test func aNumberForACategoricalColumnIsItsWholeNumberText() throws {
        let inputs = XGBoostInputs(featureNames: ["zone=138", "zone=7.5", "fare"])
        #expect(try inputs.row(["zone": .number(138), "fare": .number(3)]).values[0] == 1)
        #expect(try inputs.row(["zone": .number(7.5), "fare": .number(3)]).values[1] == 1)
    }

    @Test func unusableRecordsNameTheFeature() {
        let inputs = XGBoostInputs(featureNames: ["zone=a", "fare"])
        for (record, message) in [
            (["zone": FeatureInput.text("a")], "missing feature 'fare'"),
            (["zone": .text("a"), "fare": .text("x")], "feature 'fare' must be a number, got \"x\""),
            (["zone": .text("a"), "fare": .number(.infinity)], "feature 'fare' must be a finite number"),
            (["fare": .number(1)], "missing feature 'zone'"),
        ] {
            #expect(throws: RecordError(message: message)) { try inputs.row(record) }
        }
    }

    @Test func batchRowsEqualRecordRows() throws {
        let inputs = XGBoostInputs(featureNames: ["fare", "zone=a", "zone=b", "hour"])
        let batch = ColumnarBatch(schema: Schema(columns: [ColumnSchema(name: "zone", kind: .categorical), ColumnSchema(name: "fare", kind: .numeric), ColumnSchema(name: "hour", kind: .numeric)]), rowCount: 3,
                                  columns: [.categorical(CategoricalColumn(values: ["b", nil, "c"])), .numeric(NumericColumn(values: [1.5, .nan, 2])), .numeric(NumericColumn(values: [.nan, 3, 4]))])
        let rows = try inputs.rows(batch)
        let records: [[String: FeatureInput]] = [["zone": .text("b"), "fare": .number(1.5), "hour": .missing],
                                                  ["zone": .missing, "fare": .missing, "hour": .number(3)],
                                                  ["zone": .text("c"), "fare": .number(2), "hour": .number(4)]]
        for (index, record) in records.enumerated() {
            let single = try inputs.row(record).values
            #expect(zip(single, rows[index * 4..<(index + 1) * 4]).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "row \(index)")
        }
    }
}
