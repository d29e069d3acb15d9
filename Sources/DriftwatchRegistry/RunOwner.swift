import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process that owns a running run: host, process id and the process's start time (so that
/// a reused id is not mistaken for the same process). Kept as tags on the run, so that the next
/// process to open the registry on that host can tell a run whose process died (killed during
/// `train`) from one still under way, and mark it failed instead of `running` forever.
public struct RunOwner: Sendable, Equatable {
    public static let hostTag = "driftwatch.host"
    public static let pidTag = "driftwatch.pid"
    public static let startTag = "driftwatch.process_start"

    public var host: String
    public var pid: Int32
    /// Clock ticks since boot at which the process started (`/proc/PID/stat`, field 22); nil where unknown.
    public var start: UInt64?

    public static var current: RunOwner {
        let pid = getpid()
        return RunOwner(host: ProcessInfo.processInfo.hostName, pid: pid, start: startTime(of: pid))
    }

    public var tags: [String: String] {
        var tags = [Self.hostTag: host, Self.pidTag: String(pid)]
        if let start { tags[Self.startTag] = String(start) }
        return tags
    }

    public init(host: String, pid: Int32, start: UInt64?) {
        self.host = host
        self.pid = pid
        self.start = start
    }

    public init?(tags: [String: String]) {
        guard let host = tags[Self.hostTag], let pid = tags[Self.pidTag].flatMap(Int32.init) else { return nil }
        self.init(host: host, pid: pid, start: tags[Self.startTag].flatMap(UInt64.init))
    }

    /// Whether the owning process is known to be gone: it ran on this host and no process with its
    /// id and start time exists now. A run owned by another host is never judged from here.
    public var hasEnded: Bool {
        guard host == ProcessInfo.processInfo.hostName else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        guard let start, let now = Self.startTime(of: pid) else { return false }
        return now != start
    }

    /// Field 22 of `/proc/PID/stat` (after the command name, which may hold spaces and parentheses).
    static func startTime(of pid: Int32) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, so starttime (22) is the 20th.
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}

extension Registry {
    /// Marks failed the runs left `running` by a process of this host that has ended, with the
    /// reason as the run's `error` tag; returns their ids.
    @discardableResult
    public func failRunsOfEndedProcesses() async throws -> [String] {
        var failed: [String] = []
        for run in try await store.runs(experiment: nil) where run.status == .running {
            guard let owner = RunOwner(tags: run.tags), owner.hasEnded else { continue }
            try await store.setTags(runID: run.id, ["error": "the process that ran it (pid \(owner.pid) on \(owner.host)) ended before the run finished"])
            try await store.finishRun(runID: run.id, status: .failed)
            failed.append(run.id)
        }
        return failed
    }
}
