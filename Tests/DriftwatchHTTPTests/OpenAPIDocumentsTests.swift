import Foundation
import Testing
@testable import DriftwatchHTTP

/// The descriptions the servers answer at /openapi.yaml are docs/openapi/*.yaml as committed
/// (scripts/generate_openapi_sources.py embeds them).
@Suite struct OpenAPIDocumentsTests {
    @Test(arguments: [("predictor", OpenAPIDocuments.predictor), ("agent", OpenAPIDocuments.agent)])
    func theEmbeddedDescriptionsAreTheFiles(name: String, embedded: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("docs/openapi/\(name).yaml"), encoding: .utf8)
        #expect(embedded == file, "run scripts/generate_openapi_sources.py after editing docs/openapi/\(name).yaml")
        #expect(file.hasPrefix("openapi: 3.1.0\n"))
    }
}
