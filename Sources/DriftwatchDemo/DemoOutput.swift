import Foundation

/// Timestamped lines on standard output, flushed at once so the progress shows as it happens.
struct DemoOutput: Sendable {
    let start: Date

    func callAsFunction(_ line: String) {
        plain(String(format: "[%5.1fs] ", Date().timeIntervalSince(start)) + line)
    }

    func plain(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
