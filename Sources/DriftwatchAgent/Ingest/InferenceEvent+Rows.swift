import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import Foundation

extension InferenceEvent {
    /// The rows of an inference: its request's records with its response's predictions, as the
    /// agent's window takes them. V1 (`instances`: objects keyed by column, or lists in the order
    /// of the reference's feature columns; `predictions`: numbers) and V2 (`inputs`: one tensor per
    /// column, or one `[rows, features]` tensor in feature order; the first `outputs` tensor, or the
    /// one named as the prediction column). Row ids are the event id, with `-i` when it holds
    /// several rows, so labels can find them.
    static func rows(request: InferenceEvent, response: InferenceEvent, features: [String], prediction: String, receivedAt: Double) throws -> [ObservedRow] {
        guard let input = InferenceTensor.jsonObject(Array(request.payload)[...]) else { throw APIError.badRequest("the request event's data is not a JSON object") }
        guard let output = InferenceTensor.jsonObject(Array(response.payload)[...]) else { throw APIError.badRequest("the response event's data is not a JSON object") }
        let records = try Self.records(input, features: features)
        let predictions = try Self.predictions(output, prediction: prediction)
        guard records.count == predictions.count else {
            throw APIError.badRequest("event \(request.id): \(records.count) request rows but \(predictions.count) predictions")
        }
        return zip(records, predictions).enumerated().map { index, pair in
            var values = pair.0
            values[prediction] = .number(pair.1)
            return ObservedRow(id: records.count == 1 ? request.id : "\(request.id)-\(index)", values: values, receivedAt: receivedAt)
        }
    }

    static func records(_ payload: [String: Any], features: [String]) throws -> [[String: FeatureInput]] {
        if let instances = payload["instances"] as? [Any] {
            return try instances.enumerated().map { index, instance in
                if let object = instance as? [String: Any] {
                    return try object.reduce(into: [:]) { record, member in record[member.key] = try scalar(member.value, at: "instances[\(index)].\(member.key)") }
                }
                guard let list = instance as? [Any], list.count == features.count else {
                    throw APIError.badRequest("instances[\(index)] is neither an object keyed by column nor a list of the \(features.count) feature columns (\(features.joined(separator: ", ")))")
                }
                return try Dictionary(uniqueKeysWithValues: zip(features, list).map { ($0, try scalar($1, at: "instances[\(index)]")) })
            }
        }
        guard let inputs = payload["inputs"] as? [Any], !inputs.isEmpty else { throw APIError.badRequest("the request holds neither V1 instances nor V2 inputs") }
        let tensors = try inputs.enumerated().map { try InferenceTensor($1, role: "input", index: $0) }
        guard tensors.allSatisfy({ $0.binarySize == nil }) else { throw APIError.badRequest("binary tensor data is not read from logged events; log JSON") }
        if tensors.count == 1, tensors[0].shape.count == 2, !features.contains(tensors[0].name) {
            // One matrix in feature order, as scikit-learn and XGBoost servers take their inputs.
            let tensor = tensors[0], (rows, width) = (tensor.shape[0], tensor.shape[1])
            guard width == features.count else {
                throw APIError.badRequest("input '\(tensor.name)' has \(width) columns; the reference has \(features.count) feature columns (\(features.joined(separator: ", ")))")
            }
            return (0..<rows).map { row in Dictionary(uniqueKeysWithValues: features.enumerated().map { ($1, tensor.values[row * width + $0]) }) }
        }
        let rows = tensors[0].shape[0]
        var records = [[String: FeatureInput]](repeating: [:], count: rows)
        for tensor in tensors {
            guard tensor.shape[0] == rows, tensor.values.count == rows else {
                throw APIError.badRequest("input '\(tensor.name)' of shape \(InferenceTensor.text(tensor.shape)) is not one value for each of the \(rows) rows")
            }
            for row in 0..<rows { records[row][tensor.name] = tensor.values[row] }
        }
        return records
    }

    static func predictions(_ payload: [String: Any], prediction: String) throws -> [Double] {
        if let predictions = payload["predictions"] as? [Any] {
            return try predictions.enumerated().map { index, value in
                // [p] for a model that answers a list per row.
                let single = (value as? [Any]).flatMap { $0.count == 1 ? $0[0] : nil } ?? value
                guard case .number(let number) = try scalar(single, at: "predictions[\(index)]") else {
                    throw APIError.badRequest("predictions[\(index)] is not a number")
                }
                return number
            }
        }
        guard let outputs = payload["outputs"] as? [Any], !outputs.isEmpty else { throw APIError.badRequest("the response holds neither V1 predictions nor V2 outputs") }
        let tensors = try outputs.enumerated().map { try InferenceTensor($1, role: "output", index: $0) }
        let tensor = tensors.first { $0.name == prediction } ?? tensors[0]
        guard tensor.binarySize == nil, tensor.shape.count == 1 || tensor.shape.dropFirst().allSatisfy({ $0 == 1 }) else {
            throw APIError.badRequest("output '\(tensor.name)' of shape \(InferenceTensor.text(tensor.shape)) is not one JSON number a row")
        }
        return try tensor.values.enumerated().map { index, value in
            guard case .number(let number) = value else { throw APIError.badRequest("output '\(tensor.name)'[\(index)] is not a number") }
            return number
        }
    }

    /// A JSON scalar as a feature value (null: missing); anything else is refused naming where.
    static func scalar(_ value: Any, at path: String) throws -> FeatureInput {
        switch value {
        case is NSNull: return .missing
        case let text as String: return .text(text)
        case let number as NSNumber:
            guard number.doubleValue.isFinite else { throw APIError.badRequest("\(path) is not a finite number") }
            return .number(number.doubleValue)
        default: throw APIError.badRequest("\(path) is not a number, text or null")
        }
    }
}
