import ArgumentParser
import DriftwatchData
import Foundation

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the schema of a data file as YAML (kinds inferred where not declared)."
    )

    @Option(help: ArgumentHelp("A CSV, JSON Lines or Parquet file.", valueName: "file"))
    var data: String

    @Option(help: ArgumentHelp("A partial schema to complete.", valueName: "file"))
    var schema: String?

    func run() throws {
        let spec = try schema.map(SchemaSpec.load(path:))
        print(try DatasetReader.readBatch(path: data, schema: spec).schema.yaml, terminator: "")
    }
}
