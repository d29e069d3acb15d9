import DriftwatchData
import Foundation

/// How batch predictions are written: CSV with a header (id, prediction, model, model_version), or
/// one JSON object per line. Rows are formatted into byte buffers (on any thread) and the buffers
/// written in input order.
struct BatchOutputWriter: Sendable {
    let format: BatchScorer.OutputFormat
    let modelName: String
    let modelVersion: Int
    private let csvModel: String
    private let jsonModel: String

    init(format: BatchScorer.OutputFormat, model: ServingModel) {
        self.format = format
        modelName = model.name
        modelVersion = model.version
        csvModel = ",\(Self.csvField(model.name)),\(model.version)\n"
        jsonModel = ",\"model\":\(JSONText.quote(model.name)),\"model_version\":\(model.version)}\n"
    }

    var header: [UInt8] {
        format == .csv ? Array("id,prediction,model,model_version\n".utf8) : []
    }

    /// Appends one row to `buffer`.
    func append(id: String, prediction: Double, to buffer: inout [UInt8]) {
        let number = JSONText.number(prediction)
        switch format {
        case .csv:
            buffer.append(contentsOf: Self.csvField(id).utf8)
            buffer.append(0x2C)
            buffer.append(contentsOf: number.utf8)
            buffer.append(contentsOf: csvModel.utf8)
        case .jsonLines:
            buffer.append(contentsOf: "{\"id\":\(JSONText.quote(id)),\"prediction\":\(number)".utf8)
            buffer.append(contentsOf: jsonModel.utf8)
        }
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
