import Foundation

/// Reads a configuration file as text, with the error a user can act on.
public enum ConfigurationFile {
    public static func text(at path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DataError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file")
        }
        return text
    }
}
