import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchAgent

@Suite struct FileTailTests {
    func scratchFile() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-tail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("rows.jsonl")
    }

    func append(_ text: String, to url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func followsAppendsPartialLinesRotationAndTruncation() throws {
        let url = try scratchFile()
        var tail = FileTail(path: url.path)
        #expect(throws: DataError.self) { try tail.read() }  // no file yet: an error the source counts
        try append(#"{"id": "1", "x": 1}"# + "\n" + #"{"id": "2", "x": "#, to: url)
        var batch = try tail.read()
        #expect(batch.rows.map(\.id) == ["1"])  // the second line is not complete yet
        try append("2}\n{broken\n" + #"{"id": "3", "x": 3, "actual": 7}"# + "\n", to: url)
        batch = try tail.read()
        #expect(batch.rows.map(\.id) == ["2", "3"])
        #expect(batch.rejected == 1)
        #expect(batch.rows[1].actual == .number(7))
        #expect(try tail.read().rows.isEmpty)  // nothing new
        // Rotation: a new file under the same name.
        let rotated = url.deletingLastPathComponent().appendingPathComponent("rows.jsonl.1")
        try FileManager.default.moveItem(at: url, to: rotated)
        try append(#"{"id": "4", "x": 4}"# + "\n", to: url)
        #expect(try tail.read().rows.map(\.id) == ["4"])
        // Truncation: the same file, shorter than what was read.
        try Data((#"{"id": "5"}"# + "\n").utf8).write(to: url)
        #expect(try tail.read().rows.map(\.id) == ["5"])
        try append(#"{"id": "6"}"# + "\n", to: url)
        #expect(try tail.read().rows.map(\.id) == ["6"])
    }
}
