import DriftwatchData
import Foundation
import Yams

/// The team's own training code as the loop's trainer (`loop.training` as a mapping):
///
/// ```yaml
/// loop:
///   training:
///     command: [python3, train.py, "{train}", "{output}", --holdout, "{holdout}"]
///     timeout: 1800        # seconds before the command is stopped and the attempt fails
///     data: train.csv      # what the model was trained on: trusted rows and mix_reference (optional)
///     metric: rmse         # what the gate and the triggers compare (default: rmse, log_loss for a classifier)
/// ```
///
/// The command runs without a shell, in the directory of the agent config, with `{train}`,
/// `{holdout}` and `{output}` (and `{model}`, `{attempt}`) replaced in its arguments and also set as
/// `DRIFTWATCH_TRAIN`, `DRIFTWATCH_HOLDOUT`, `DRIFTWATCH_OUTPUT`, `DRIFTWATCH_MODEL` and
/// `DRIFTWATCH_ATTEMPT`. It writes an XGBoost model (JSON or UBJSON) or a Driftwatch artifact to `{output}`.
public struct TrainingCommand: Sendable, Equatable {
    public var arguments: [String]
    public var timeout: Double = 1800
    public var data: String?
    public var metric: String?
    /// Where the command runs (the agent config's directory once loaded).
    public var workingDirectory: String?

    public init(arguments: [String]) {
        self.arguments = arguments
    }

    static let knownKeys = ["command", "timeout", "data", "metric"]
    static let metrics = ["rmse", "mae", "mape", "r2", "mean_error", "accuracy", "precision", "recall", "f1", "log_loss", "roc_auc"]
    static let placeholders = ["train", "holdout", "output", "model", "attempt"]

    static func parse(_ section: ConfigurationSection) throws -> TrainingCommand {
        guard let list = section["command"]?.sequence, !list.isEmpty else {
            throw section.error("command", "\(section.qualified("command")) must be a list: the program and its arguments (no shell), e.g. [python3, train.py, \"{train}\", \"{output}\"]")
        }
        let arguments = try list.map { node -> String in
            guard let text = node.string, !text.contains("\0") else { throw section.error("command", "\(section.qualified("command")) holds an entry that is not text") }
            return text
        }
        guard !arguments[0].isEmpty else { throw section.error("command", "\(section.qualified("command")) names no program") }
        for argument in arguments {
            var rest = Substring(argument)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                let name = String(rest[rest.index(after: open)..<close])
                if !placeholders.contains(name), name.allSatisfy({ $0.isLetter || $0 == "_" }), !name.isEmpty {
                    throw section.error("command", "\(section.qualified("command")): unknown placeholder {\(name)} (known: \(placeholders.map { "{\($0)}" }.joined(separator: ", ")))")
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        guard arguments.contains(where: { $0.contains("{output}") }) else {
            throw section.error("command", "\(section.qualified("command")) must pass \"{output}\", the file the model is written to")
        }
        var command = TrainingCommand(arguments: arguments)
        if let value = try section.number("timeout", "must be a number of seconds > 0", { $0 > 0 }) { command.timeout = value }
        command.data = section["data"]?.string
        if let node = section["metric"] {
            guard let metric = node.string, metrics.contains(metric) else {
                throw section.error("metric", "\(section.qualified("metric")) must be one of \(metrics.joined(separator: ", "))")
            }
            command.metric = metric
        }
        return command
    }

    /// The arguments with the placeholders filled in.
    func arguments(_ values: [String: String]) -> [String] {
        arguments.map { argument in
            values.reduce(argument) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
    }
}

/// How the loop makes a challenger: Driftwatch's trainer with a training config, or the team's
/// own training command.
public enum LoopTraining: Sendable, Equatable {
    /// Path of a training config (`loop.training: train.yaml`).
    case config(String)
    case command(TrainingCommand)

    static func parse(_ node: Node?, in section: ConfigurationSection) throws -> LoopTraining {
        guard let node else {
            throw section.error("training", "loop needs training: a training config (train.yaml) or a training command ({command: [...]})")
        }
        if let path = node.string { return .config(path) }
        let inner = try ConfigurationSection(node, path: section.qualified("training"), known: TrainingCommand.knownKeys, source: section.source,
                                             shape: "a training config's path or a mapping (command, timeout, data, metric)")
        return .command(try TrainingCommand.parse(inner))
    }

    /// The paths in it resolved by `resolve` (against the agent config's directory).
    func resolved(_ resolve: (String) -> String, directory: String) -> LoopTraining {
        switch self {
        case .config(let path): return .config(resolve(path))
        case .command(var command):
            command.data = command.data.map(resolve)
            command.workingDirectory = directory
            return .command(command)
        }
    }

    public var summary: String {
        switch self {
        case .config(let path): "training config \(path)"
        case .command(let command): "training command \(command.arguments.first ?? "")"
        }
    }
}
