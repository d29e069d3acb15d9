import Foundation
import Testing
@testable import DriftwatchData

/// A column's values as text, for comparing what was read with what was written.
func texts(_ table: TypedTable, _ name: String) -> [String?] {
    switch table.column(named: name) {
    case .numeric(let column)?: column.values.map { $0.isNaN ? nil : "\($0)" }
    case .categorical(let column)?: (0..<column.codes.count).map { column.value(at: $0) }
    case .vector(let column)?: (0..<column.rowCount).map { column.row($0).map(VectorText.format) }
    case nil: []
    }
}

@Suite struct CSVReaderTests {
    func parse(_ text: String, columns: [ColumnRequest]? = nil) throws -> TypedTable {
        try CSVReader.read(Data(text.utf8), source: "t.csv", columns: columns)
    }

    func error(_ bytes: Data, columns: [ColumnRequest]? = nil) -> DataError? {
        do {
            _ = try CSVReader.read(bytes, source: "t.csv", columns: columns)
            return nil
        } catch {
            return error as? DataError
        }
    }

    @Test func readsRFC4180Quoting() throws {
        let table = try parse("name,comment\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nplain,\"two\nlines\"\r\n")
        #expect(table.header == ["name", "comment"])
        #expect(texts(table, "name") == ["Smith, J", "plain"])
        #expect(texts(table, "comment") == ["said \"hi\"", "two\nlines"])
    }

    @Test func stripsByteOrderMarkAndAcceptsLFAndNoTrailingNewline() throws {
        let table = try CSVReader.read(Data([0xEF, 0xBB, 0xBF]) + Data("a,b\n1,2\n3,4".utf8), source: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.column(named: "b") == .numeric(NumericColumn(values: [2, 4])))
    }

    @Test func missingTokensBecomeMissing() throws {
        let table = try parse("a,b,c,d,e,f\n,NA,NaN,null,x,\"\"\n")
        #expect(table.names.map { texts(table, $0)[0] } == [nil, nil, nil, nil, "x", nil])
    }

    @Test func inferredKindsKeepTheTextOfNumbersInLabelColumns() throws {
        let table = try parse("x,c,n\n1,2.50,7\n2, 3 ,8\n3,abc,NA\n")
        #expect(table.column(named: "x")?.kind == .numeric)
        #expect(texts(table, "c") == ["2.50", " 3 ", "abc"])
        #expect(texts(table, "n") == ["7.0", "8.0", nil])
    }

    @Test func readsOnlyTheRequestedColumnsWithTheirDeclaredKinds() throws {
        let table = try parse("a,b,c\n1,x,3\n2,y,4\n", columns: [ColumnRequest(name: "c", kind: .categorical), ColumnRequest(name: "a")])
        #expect(table.names == ["c", "a"])
        #expect(texts(table, "c") == ["3", "4"])
        #expect(table.column(named: "a") == .numeric(NumericColumn(values: [1, 2])))
        #expect(error(Data("a,b\n1,2\n".utf8), columns: [ColumnRequest(name: "z")])?.description
            == "t.csv:1: column 'z': the schema names this column but the data has no such column (found: a, b)")
    }

    @Test func nonNumbersInDeclaredNumericColumnsNameLineAndColumn() {
        #expect(error(Data("fare\n1\n2\n\n abc\n".utf8), columns: [ColumnRequest(name: "fare", kind: .numeric)])?.description
            == "t.csv:5: column 'fare': ' abc' is not a number, but the column is numeric")
        for text in ["inf", "-Infinity", "0x1p3", "1e999"] {
            #expect(error(Data("v\n\(text)\n".utf8), columns: [ColumnRequest(name: "v", kind: .numeric)])?.line == 2)
        }
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
        #expect(texts(try parse("a\n1\n\n3\n"), "a") == ["1.0", nil, "3.0"])
    }

    /// A file large enough to be read in several chunks: quoted fields with line breaks and
    /// doubled quotes everywhere, a column that turns out to be text only near the end, and an
    /// error line counted across chunks.
    @Test func chunkedReadingEqualsTheRowsWritten() throws {
        var text = "id,note,mixed,value\n"
        var notes: [String] = [], mixed: [String] = [], values: [Double] = []
        let rows = 60_000
        for row in 0..<rows {
            let note = row % 3 == 0 ? "line \(row)\nand \"more\"" : "n\(row % 17)"
            let mix = row == rows - 5 ? "text" : "\(row % 100)"
            let value = Double(row) * 0.25 - 100
            notes.append(note); mixed.append(mix); values.append(value)
            text += "\(row),\"\(note.replacingOccurrences(of: "\"", with: "\"\""))\",\(mix),\(value)\n"
        }
        #expect(text.utf8.count > 1 << 20)
        let table = try parse(text)
        #expect(table.rowCount == rows)
        #expect(texts(table, "note") == notes)
        #expect(texts(table, "mixed") == mixed)
        #expect(table.column(named: "value") == .numeric(NumericColumn(values: values)))
        // Line of a bad row near the end: every third row above it spans two lines.
        let bad = text + "1,2,3\n"
        let expectedLine = 1 + rows + (rows + 2) / 3 + 1
        #expect(error(Data(bad.utf8))?.line == expectedLine)
    }
}

@Suite struct JSONLinesReaderTests {
    func parse(_ text: String, columns: [ColumnRequest]? = nil) throws -> TypedTable {
        try JSONLinesReader.read(Data(text.utf8), source: "t.jsonl", columns: columns)
    }

    @Test func readsScalarsAndTheUnionOfKeys() throws {
        let table = try parse("{\"x\": 1.5, \"c\": \"a\"}\n\n{\"x\": null, \"c\": \"b\", \"flag\": true}\r\n{\"x\": 3}\n")
        #expect(table.rowCount == 3)
        #expect(table.header == ["x", "c", "flag"])
        #expect(texts(table, "x") == ["1.5", nil, "3.0"])
        #expect(texts(table, "c") == ["a", "b", nil])
        #expect(texts(table, "flag") == [nil, "true", nil])
        #expect(table.column(named: "x")?.kind == .numeric)
        #expect(table.column(named: "c")?.kind == .categorical)
    }

    @Test func stringsMakeAColumnCategoricalUnlessDeclaredNumeric() throws {
        let table = try parse("{\"a\": 1, \"b\": \"2.5\"}\n{\"a\": \"x\", \"b\": \"3\"}\n")
        #expect(texts(table, "a") == ["1", "x"])
        #expect(texts(table, "b") == ["2.5", "3"])
        let declared = try parse("{\"a\": 1, \"b\": \"2.5\"}\n{\"a\": 2, \"b\": \"3\"}\n", columns: [ColumnRequest(name: "b", kind: .numeric)])
        #expect(declared.column(named: "b") == .numeric(NumericColumn(values: [2.5, 3])))
        #expect(throws: DataError(file: "t.jsonl", line: 2, column: "b", "'x' is not a number, but the column is numeric")) {
            try parse("{\"b\": 1}\n{\"b\": \"x\"}\n", columns: [ColumnRequest(name: "b", kind: .numeric)])
        }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "z", "the schema names this column but the data has no such column (found: b)")) {
            try parse("{\"b\": 1}\n", columns: [ColumnRequest(name: "z")])
        }
    }

    @Test func keepsKeyOrderAndResolvesEscapes() throws {
        let table = try parse(#"{"z": "tab\tquote\" \u00e9 \ud83d\ude00", "a": -1.5e3, "m": ""}"# + "\n")
        #expect(table.header == ["z", "a", "m"])
        #expect(texts(table, "z") == ["tab\tquote\" é 😀"])
        #expect(texts(table, "a") == ["-1500.0"])
        #expect(texts(table, "m") == [nil])
    }

    @Test func badLinesAreLocated() {
        #expect(throws: DataError(file: "t.jsonl", line: 2, column: "a", "not a valid JSON value")) { try parse("{\"a\": 1}\n{\"a\": \n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "a", "not a valid JSON value")) { try parse("{\"a\": 01}\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "a", "the key appears twice in the object")) { try parse("{\"a\": 1, \"a\": 2}\n") }
        let wide = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "k3", "the key appears twice in the object")) { try parse("{\(wide), \"k3\": 1}\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "k39", "the key appears twice in the object")) { try parse("{\(wide), \"k39\": 1}\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, "unexpected text after the object")) { try parse("{\"a\": 1} x\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, "a JSON object must start with '{'")) { try parse("[1, 2]\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, "an unpaired surrogate in a \\u escape")) { try parse(#"{"a": "\ud83d"}"# + "\n") }
        #expect(throws: DataError(file: "t.jsonl", line: 1, column: "a", "nested objects are not supported; flatten the record")) { try parse("{\"a\": {\"b\": 2}}\n") }
        #expect(throws: DataError(file: "t.jsonl", "the file is empty")) { try parse("") }
    }

    @Test func chunkedReadingEqualsTheLinesWritten() throws {
        var text = ""
        var values: [Double] = [], labels: [String?] = [], late: [String?] = []
        let rows = 50_000
        for row in 0..<rows {
            let value = Double(row) / 8
            let label: String? = row % 7 == 0 ? nil : "c\(row % 11)"
            values.append(value); labels.append(label)
            var line = "{\"v\": \(value)"
            if let label { line += ", \"label\": \"\(label)\"" }
            if row > rows - 3 { line += ", \"late\": \"\(row)\""; late.append("\(row)") } else { late.append(nil) }
            text += line + "}\n"
        }
        #expect(text.utf8.count > 1 << 20)
        let table = try parse(text)
        #expect(table.rowCount == rows)
        #expect(table.column(named: "v") == .numeric(NumericColumn(values: values)))
        #expect(texts(table, "label") == labels)
        #expect(texts(table, "late") == late)
        #expect(throws: DataError(file: "t.jsonl", line: rows + 1, "a JSON object must start with '{'")) { try parse(text + "oops\n") }
    }
}
