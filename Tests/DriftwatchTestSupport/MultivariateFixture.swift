import DriftStatistics
import Foundation

/// The car-loan rows of `scripts/generate_multivariate_fixtures.py` (NannyML's bundled data), read
/// as the multivariate methods take them: the tests of the PCA and of the domain classifier hold
/// them to NannyML's values on the same files.
public enum MultivariateFixture {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DriftStatisticsTests/Fixtures/multivariate")

    /// The named CSV file's `features`, in that order; `categorical` ones as categories, the rest as
    /// numbers (an empty field is missing). The files have no quoted fields.
    public static func columns(_ file: String, features: [String], categorical: [String]) throws -> [MultivariateColumn] {
        let text = try String(contentsOf: folder.appendingPathComponent("\(file).csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { throw CocoaError(.fileReadCorruptFile) }
        return try features.map { name in
            guard let index = header.firstIndex(of: name) else { throw CocoaError(.fileReadCorruptFile) }
            let fields = lines.dropFirst().map { $0[index] }
            return categorical.contains(name) ? .categorical(fields.map { $0.isEmpty ? nil : $0 } as [String?])
                : .numeric(fields.map { $0.isEmpty ? .nan : Double($0) ?? .nan })
        }
    }

    /// A JSON file of the fixture folder, decoded.
    public static func expected<T: Decodable>(_ file: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: folder.appendingPathComponent("\(file).json")))
    }
}
