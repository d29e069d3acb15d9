import Foundation
import Synchronization

/// A throw-away PostgreSQL cluster for tests, from Debian's `postgresql` package: `initdb` into a
/// temporary directory, the server on a free loopback port (password authentication, no fsync),
/// stopped and removed when the test process exits. Each test takes a database of its own.
public final class PostgresCluster: Sendable {
    public let port: Int
    public let directory: URL
    public let user = "driftwatch"
    public let password = "driftwatch-test"
    let binaries: String

    /// The cluster shared by every test of this process, started on first use.
    public static func shared() async throws -> PostgresCluster {
        try await starting.value
    }

    /// Starts the shared cluster once, for every test that asks, without holding a pool thread
    /// while `initdb` runs; the cluster is stopped when the test process exits.
    private static let starting = Task<PostgresCluster, any Error> {
        let cluster = try await offThePool { try PostgresCluster.start() }
        started.withLock { $0 = cluster }
        atexit { PostgresCluster.started.withLock { $0 }?.stop() }
        return cluster
    }

    /// The started cluster, for `atexit` (a C function, which cannot capture it).
    private static let started = Mutex<PostgresCluster?>(nil)

    /// A new, empty database in the shared cluster; its URL.
    public static func database(_ prefix: String = "t") async throws -> String {
        let cluster = try await shared()
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await offThePool { try cluster.run("createdb", ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", cluster.user, name]) }
        return cluster.url(database: name)
    }

    /// A database's URL. The connect timeout is longer than the default 10 s: the cluster shares
    /// two cores with the whole parallel suite, and a starved server is not what these tests test
    /// (the timeout itself is tested against a port that never answers).
    public func url(database: String, password: String? = nil) -> String {
        "postgres://\(user):\(password ?? self.password)@127.0.0.1:\(port)/\(database)?sslmode=disable&connect_timeout=30"
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The newest installed server's programs.
    static func binaryDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last, FileManager.default.isExecutableFile(atPath: "\(root)/\(newest)/bin/initdb") else {
            throw Failure(description: "PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it")
        }
        return "\(root)/\(newest)/bin"
    }

    init(port: Int, directory: URL, binaries: String) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
    }

    public static func start() throws -> PostgresCluster {
        let binaries = try binaryDirectory()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cluster = PostgresCluster(port: try freeLoopbackPort(), directory: directory, binaries: binaries)
        let passwordFile = directory.appendingPathComponent("password")
        try Data(cluster.password.utf8).write(to: passwordFile)
        // The server refuses to run as root: as root, the cluster belongs to the postgres user.
        if getuid() == 0 {
            try cluster.runDirect("/bin/chown", ["-R", "postgres:postgres", directory.path])
        }
        try cluster.run("initdb", ["-D", directory.appendingPathComponent("data").path, "-U", cluster.user, "--pwfile=\(passwordFile.path)",
                                   "--auth=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions"])
        try cluster.run("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-l", directory.appendingPathComponent("server.log").path, "-w",
                                   "-o", "-p \(cluster.port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"])
        return cluster
    }

    /// Stops the server at once and removes its files.
    public func stop() {
        _ = try? run("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs one of the server's programs (as the postgres user when we are root); throws with its
    /// output when it fails.
    @discardableResult
    public func run(_ program: String, _ arguments: [String]) throws -> String {
        let path = "\(binaries)/\(program)"
        if getuid() == 0 {
            return try runDirect("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        }
        return try runDirect(path, arguments)
    }

    /// Adds "close every descriptor from `first` on" to a spawn's actions: glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (2.34 and later; Swift's Glibc module does not
    /// declare it), else a close of each descriptor open now.
    static func closeFrom(_ first: Int32, in actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, first)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd >= first { posix_spawn_file_actions_addclose(&actions, fd) }
    }

    /// posix_spawn and waitpid rather than Foundation's Process: the server that `pg_ctl start`
    /// leaves running must not keep us waiting, and this runs inside a one-time initialiser.
    @discardableResult
    func runDirect(_ path: String, _ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-pg-out-\(UUID().uuidString)").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours goes with it: the server `pg_ctl start` leaves running would keep
        // open every pipe another test has just made for a child's output, and that test would
        // wait for its end of file until the suite ends, which waits for the test.
        Self.closeFrom(3, in: &actions)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { $1 }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environment)
        guard spawned == 0 else { throw Failure(description: "cannot start \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let exited = (status & 0x7F) == 0, code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            throw Failure(description: "\((path as NSString).lastPathComponent) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}

