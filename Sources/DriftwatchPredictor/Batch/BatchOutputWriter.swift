import DriftwatchData
import Foundation

/// Writes batch predictions through a buffer of about a megabyte: CSV with a header, or one JSON
/// object per line.
struct BatchOutputWriter {
    let handle: FileHandle
    let format: BatchScorer.OutputFormat
    let modelName: String
    let modelVersion: Int
    private var buffer: [UInt8] = []

    init(handle: FileHandle, format: BatchScorer.OutputFormat, model: ServingModel) {
        self.handle = handle
        self.format = format
        modelName = model.name
        modelVersion = model.version
        buffer.reserveCapacity(1 << 20)
    }

    mutating func header() throws {
        if format == .csv { buffer.append(contentsOf: "id,prediction,model,model_version\n".utf8) }
    }

    mutating func write(id: String, prediction: Double) throws {
        let number = JSONText.number(prediction)
        switch format {
        case .csv:
            buffer.append(contentsOf: "\(Self.csvField(id)),\(number),\(Self.csvField(modelName)),\(modelVersion)\n".utf8)
        case .jsonLines:
            buffer.append(contentsOf: "{\"id\":\(JSONText.quote(id)),\"prediction\":\(number),\"model\":\(JSONText.quote(modelName)),\"model_version\":\(modelVersion)}\n".utf8)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func finish() throws {
        try flush()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
