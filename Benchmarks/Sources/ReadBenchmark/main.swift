import DriftwatchData
import Foundation

/// Times reading a CSV file into a typed columnar batch, phase by phase.
///
/// Usage: swift run -c release --package-path Benchmarks ReadBenchmark FILE.csv
guard CommandLine.arguments.count > 1 else {
    print("usage: ReadBenchmark FILE.csv")
    exit(2)
}
let path = CommandLine.arguments[1]

func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

let (data, load) = seconds { FileManager.default.contents(atPath: path)! }
let (table, parse) = try seconds { try CSVReader.parse(data, source: path) }
let (schema, infer) = try seconds { try SchemaSpec.resolve(nil, against: table) }
let (batch, typing) = try seconds { try ColumnarBatch(table: table, schema: schema) }
let mib = Double(data.count) / 1_048_576
print(String(format: "%@: %.1f MiB, %d rows × %d columns", path, mib, batch.rowCount, schema.columns.count))
print(String(format: "load %.3f s, parse %.3f s (%.0f MiB/s), infer %.3f s, type %.3f s; total %.3f s",
             load, parse, mib / parse, infer, typing, load + parse + infer + typing))
