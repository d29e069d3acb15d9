import DriftwatchData

/// One input value of a single record, as a client sends it.
public enum FeatureInput: Sendable, Equatable {
    case number(Double)
    case text(String)
    /// A vector (a JSON array of numbers), for `vector` columns; no model feature takes one.
    case vector([Double])
    /// An explicit null (or an empty value): numeric features take the training mean, categorical
    /// ones `__other__`.
    case missing
}

extension FeatureInput {
    /// A number given for a categorical column, as training wrote it: a whole number without a
    /// decimal point (`138`, not `138.0`), anything else in Swift's shortest form.
    public static func categoryText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A record encoded for the model, with what the encoder had to make up.
public struct EncodedRecord: Sendable {
    public var row: [Double]
    /// Categorical features whose value the training data never had (served as `__other__`).
    public var unseen: [String]
}

/// Why a record cannot be encoded; the message names the feature.
public struct RecordError: DriftwatchError, Equatable, Sendable {
    public var message: String
    public var description: String { message }
}

/// Encodes single records (the serving path) with the category lookups built once per model.
public struct RecordEncoder: Sendable {
    public let encoder: FeatureEncoder
    private let indices: [[String: Int]]

    public init(_ encoder: FeatureEncoder) {
        self.encoder = encoder
        indices = encoder.categorical.map { Dictionary(uniqueKeysWithValues: $0.vocabulary.enumerated().map { ($1, $0) }) }
    }

    /// Encodes one record keyed by input column. Every input column must be present (null is
    /// allowed); numeric features need finite numbers; categorical features take text or numbers
    /// (numbers are written as training wrote them: whole numbers without a decimal point).
    public func encode(_ record: [String: FeatureInput]) throws -> EncodedRecord {
        let width = encoder.width, numeric = encoder.numeric, categorical = encoder.categorical
        var row = [Double](repeating: 0, count: width)
        var unseen: [String] = []
        var offset = 0
        for feature in numeric {
            guard let input = record[feature.name] else { throw RecordError(message: "missing feature '\(feature.name)'") }
            switch input {
            case .number(let value):
                guard value.isFinite else { throw RecordError(message: "feature '\(feature.name)' must be a finite number") }
                row[offset] = (value - feature.mean) / feature.scale
            case .missing:
                row[offset] = 0
            case .text(let text):
                throw RecordError(message: "feature '\(feature.name)' must be a number, got \"\(text.prefix(40))\"")
            case .vector:
                throw RecordError(message: "feature '\(feature.name)' must be a number, got an array")
            }
            offset += 1
        }
        for (index, feature) in categorical.enumerated() {
            var parts: [String] = []
            var isMissing = false
            for source in feature.sources {
                guard let input = record[source] else { throw RecordError(message: "missing feature '\(source)'") }
                switch input {
                case .text(let text): parts.append(text)
                case .number(let value):
                    guard value.isFinite else { throw RecordError(message: "feature '\(source)' must be a finite number or text") }
                    parts.append(FeatureInput.categoryText(value))
                case .missing: isMissing = true
                case .vector: throw RecordError(message: "feature '\(source)' must be text or a number, got an array")
                }
            }
            var slot = feature.vocabulary.count
            if !isMissing {
                let value = parts.joined(separator: "_")
                if let known = indices[index][value] {
                    slot = known
                } else {
                    unseen.append(feature.name)
                }
            }
            row[offset + slot] = 1
            offset += feature.vocabulary.count + 1
        }
        return EncodedRecord(row: row, unseen: unseen)
    }
}
