import DriftwatchData

/// The model URIs MLflow's own clients take: `models:/NAME@ALIAS`, `models:/NAME/VERSION`,
/// `models:/m-ID` (a logged model) and `runs:/RUN_ID/PATH`.
public enum MLflowModelURI: Sendable, Equatable, CustomStringConvertible {
    case alias(name: String, alias: String)
    case version(name: String, version: Int)
    case loggedModel(id: String)
    case run(id: String, path: String)

    public init(_ text: String) throws {
        func refuse(_ why: String) -> DataError {
            DataError(file: "--model-uri", "'\(Message.short(text, limit: 80))' \(why) (models:/NAME@ALIAS, models:/NAME/VERSION, models:/m-ID or runs:/RUN_ID/PATH)")
        }
        if text.hasPrefix("models:/") {
            let rest = String(text.dropFirst("models:/".count))
            if let at = rest.lastIndex(of: "@") {
                let name = String(rest[..<at]), alias = String(rest[rest.index(after: at)...])
                guard !name.isEmpty, !alias.isEmpty, !alias.contains("/") else { throw refuse("names no model and alias") }
                self = .alias(name: name, alias: alias)
            } else if let slash = rest.lastIndex(of: "/") {
                let name = String(rest[..<slash])
                guard !name.isEmpty, let version = Int(rest[rest.index(after: slash)...]), version > 0 else { throw refuse("names no model and version") }
                self = .version(name: name, version: version)
            } else if rest.hasPrefix("m-"), rest.count > 2, rest.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                self = .loggedModel(id: rest)
            } else {
                throw refuse("names no version or alias")
            }
        } else if text.hasPrefix("runs:/") {
            let parts = text.dropFirst("runs:/".count).split(separator: "/", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isHexDigit }) else { throw refuse("names no run and path") }
            let path = parts[1].split(separator: "/", omittingEmptySubsequences: false)
            guard !path.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }) else { throw refuse("has a path that is not inside the run's artifacts") }
            self = .run(id: String(parts[0]), path: String(parts[1]))
        } else {
            throw refuse("is not a model URI")
        }
    }

    public var description: String {
        switch self {
        case .alias(let name, let alias): "models:/\(name)@\(alias)"
        case .version(let name, let version): "models:/\(name)/\(version)"
        case .loggedModel(let id): "models:/\(id)"
        case .run(let id, let path): "runs:/\(id)/\(path)"
        }
    }
}
