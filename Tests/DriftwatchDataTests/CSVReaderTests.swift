import Foundation
import Testing
@testable import DriftwatchData

@Suite struct CSVReaderTests {
    func parse(_ text: String) throws -> RawTable {
        try CSVReader.parse(Data(text.utf8), source: "t.csv")
    }

    func error(_ bytes: Data) -> DataError? {
        do {
            _ = try CSVReader.parse(bytes, source: "t.csv")
            return nil
        } catch {
            return error as? DataError
        }
    }

    @Test func readsRFC4180Quoting() throws {
        let table = try parse("name,comment\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nplain,\"two\nlines\"\r\n")
        #expect(table.header == ["name", "comment"])
        #expect(table.cells[0] == ["Smith, J", "plain"])
        #expect(table.cells[1] == ["said \"hi\"", "two\nlines"])
        #expect(table.lines == [2, 3])
    }

    @Test func stripsByteOrderMarkAndAcceptsLFAndNoTrailingNewline() throws {
        let table = try CSVReader.parse(Data([0xEF, 0xBB, 0xBF]) + Data("a,b\n1,2\n3,4".utf8), source: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.cells[1] == ["2", "4"])
    }

    @Test func missingTokensBecomeNil() throws {
        let table = try parse("a,b,c,d,e\n,NA,NaN,null,x\n")
        #expect(table.cells.map { $0[0] } == [nil, nil, nil, nil, "x"])
    }

    @Test func lineNumbersCountEmbeddedNewlines() throws {
        let failure = error(Data("a,b\n\"x\ny\",1\n1,2,3\n".utf8))
        #expect(failure?.line == 4)
        #expect(failure?.description.contains("expected 2 fields as in the header, found 3") == true)
    }

    @Test func raggedShortRowIsAnError() {
        let failure = error(Data("a,b,c\n1,2,3\n4,5\n".utf8))
        #expect(failure?.description == "t.csv:3: expected 3 fields as in the header, found 2")
    }

    @Test func emptyAndHeaderOnlyFilesAreErrors() {
        #expect(error(Data())?.description == "t.csv: the file is empty")
        #expect(error(Data("\n\r\n".utf8))?.description == "t.csv: the file is empty")
        #expect(error(Data("a,b\n".utf8))?.description == "t.csv: the file has a header but no data rows")
    }

    @Test func invalidUTF8NamesLineAndColumn() {
        let failure = error(Data("a,b\n1,2\n3,".utf8) + Data([0xC3, 0x28]) + Data("\n".utf8))
        #expect(failure?.line == 3)
        #expect(failure?.column == "b")
        #expect(failure?.message.contains("invalid UTF-8") == true)
    }

    @Test func unclosedQuoteAndStrayQuoteAreErrors() {
        #expect(error(Data("a\n\"abc\n".utf8))?.message.contains("not closed") == true)
        #expect(error(Data("a,b\nx\"y,1\n".utf8))?.message.contains("quote inside an unquoted field") == true)
        #expect(error(Data("a,b\n\"x\"y,1\n".utf8))?.message.contains("after a closing quote") == true)
    }

    @Test func headerMustNameEveryColumnOnce() {
        #expect(error(Data("a,a\n1,2\n".utf8))?.description == "t.csv:1: column 'a': the header names this column twice")
        #expect(error(Data("a,,c\n1,2,3\n".utf8))?.message == "header field 2 has no name")
    }

    @Test func blankLinesAreSkippedExceptInOneColumnFiles() throws {
        #expect(try parse("a,b\n1,2\n\n3,4\n").rowCount == 2)
        #expect(try parse("a\n1\n\n3\n").cells[0] == ["1", nil, "3"])
    }
}

@Suite struct JSONLinesReaderTests {
    func parse(_ text: String) throws -> RawTable {
        try JSONLinesReader.parse(Data(text.utf8), source: "t.jsonl")
    }

    @Test func readsScalarsAndTheUnionOfKeys() throws {
        let table = try parse("{\"x\": 1.5, \"c\": \"a\"}\n\n{\"x\": null, \"c\": \"b\", \"flag\": true}\r\n{\"x\": 3}\n")
        #expect(table.rowCount == 3)
        #expect(table.cells[table.columnIndex("x")!] == ["1.5", nil, "3"])
        #expect(table.cells[table.columnIndex("c")!] == ["a", "b", nil])
        #expect(table.cells[table.columnIndex("flag")!] == [nil, "true", nil])
        #expect(table.lines == [1, 3, 4])
        #expect(SchemaInference.kind(of: table.cells[table.columnIndex("x")!], quoted: table.quotedColumns.contains(table.columnIndex("x")!)) == .numeric)
        #expect(table.quotedColumns.contains(table.columnIndex("c")!))
    }

    @Test func keepsKeyOrderAndResolvesEscapes() throws {
        let table = try parse(#"{"z": "tab\tquote\" \u00e9 \ud83d\ude00", "a": -1.5e3, "m": ""}"# + "\n")
        #expect(table.header == ["z", "a", "m"])
        #expect(table.cells[0] == ["tab\tquote\" é 😀"])
        #expect(table.cells[1] == ["-1.5e3"])
        #expect(table.cells[2] == [nil])
    }

    @Test func badLinesAreLocated() {
        #expect(throws: DataError(file: "t.jsonl", line: 2, column: "a", "not a valid JSON value")) { try parse("{\"a\": 1}\n{\"a\": \n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "a", "not a valid JSON value")) { try parse("{\"a\": 01}\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "a", "the key appears twice in the object")) { try parse("{\"a\": 1, \"a\": 2}\n") }
        // Wide records check repeats through a set: a repeat of an early key after many others is still found.
        let wide = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "k3", "the key appears twice in the object")) { try parse("{\(wide), \"k3\": 1}\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "k39", "the key appears twice in the object")) { try parse("{\(wide), \"k39\": 1}\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, "unexpected text after the object")) { try parse("{\"a\": 1} x\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, "a JSON object must start with '{'")) { try parse("[1, 2]\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, "an unpaired surrogate in a \\u escape")) { try parse(#"{"a": "\ud83d"}"# + "\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "a", "nested arrays and objects are not supported; flatten the record")) { try parse("{\"a\": [1, 2]}\n") }
        #expect(throws: DataError(file: "t.jsonl", "the file is empty")) { try parse("") }
    }
}
