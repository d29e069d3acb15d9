import Yams

/// A YAML syntax error in one line a person reads — "line 3, column 9: found undefined alias
/// (while parsing a flow sequence started at line 3, column 8)" — instead of libyaml's multi-line
/// report with the source text quoted.
public enum YAMLProblem {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? YamlError else { return Message.short("\(error)") }
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> String {
            let during = context.map { " (\($0.text) started at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(during)"
        }
        let text: String
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            text = at(mark, problem, context)
        case .reader(let problem, let offset, _, _):
            text = "\(problem)\(offset.map { " at character \($0)" } ?? "")"
        case .memory:
            text = "the YAML parser ran out of memory"
        case .duplicatedKeysInMapping(let duplicates, let context):
            text = "line \(context.mark.line): duplicated keys \(duplicates.prefix(5).joined(separator: ", "))"
        default:
            text = "\(error)"
        }
        return Message.short(text)
    }
}
