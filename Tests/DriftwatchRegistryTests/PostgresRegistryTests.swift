import DriftwatchData
import DriftwatchTestSupport
import Foundation
import PostgresNIO
import Testing
@testable import DriftwatchRegistry

/// What the PostgreSQL registry must hold beyond the shared suite: its rules across processes
/// (two stores on one database stand for two machines), artifacts inside the database,
/// announcements of alias moves, and clear refusals of wrong URLs and foreign databases.
@Suite struct PostgresRegistryTests {
    func twoProcesses() async throws -> (PostgresRegistryStore, PostgresRegistryStore) {
        let url = try await PostgresCluster.database("fleet")
        return (try await PostgresRegistryStore.open(PostgresLocation(url: url)), try await PostgresRegistryStore.open(PostgresLocation(url: url)))
    }

    @Test func onlyOneAttemptStartsWhenTwoProcessesTryAtOnce() async throws {
        let (a, b) = try await twoProcesses()
        for round in 0..<5 {
            async let first = a.beginAttempt(model: "rides", trigger: "a \(round)", championVersion: nil)
            async let second = b.beginAttempt(model: "rides", trigger: "b \(round)", championVersion: nil)
            let started = [try await first, try await second].compactMap { $0 }
            #expect(started.count == 1, "round \(round): \(started.count) attempts started")
            let active = try #require(started.first)
            _ = try await a.advanceAttempt(id: active.id, from: .triggered, to: .failed, update: AttemptUpdate(detail: "test"), aliasMove: nil)
        }
        #expect(try await b.attempts(model: "rides", limit: 100).count == 5)
    }

    @Test func versionsAreNumberedInOrderWhenTwoProcessesRegisterAtOnce() async throws {
        let (a, b) = try await twoProcesses()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in [a, b] {
                group.addTask { for _ in 0..<15 { _ = try await store.createVersion(newVersion("m")) } }
            }
            try await group.waitForAll()
        }
        #expect(try await a.versions(model: "m").map(\.version) == Array(1...30))
    }

    @Test func artifactsLiveInTheDatabaseAndAreChecked() async throws {
        let (a, b) = try await twoProcesses()
        let writer = Registry(store: a), reader = Registry(store: b)
        let bytes = Data((0..<70_000).map { UInt8($0 % 251) })
        let version = try await writer.register(model: "m", artifact: bytes, runID: nil, metrics: ["rmse": 1], trainingRows: 3,
                                                fingerprint: "f", codeVersion: "0", referenceProfile: nil)
        #expect(try await reader.store.artifact(model: "m", version: version.version) == bytes)
        // A changed byte in the database is caught by the checksum.
        try await a.database.execute("UPDATE model_artifact SET data = overlay(data placing '\\x00'::bytea from 10 for 1)")
        await #expect(throws: RegistryError.artifactChecksumMismatch(model: "m", version: version.version)) {
            try await reader.artifact(model: "m", version: version.version)
        }
    }

    @Test func auditAndTransitionLogsAreAppendOnlyInTheDatabase() async throws {
        let (store, _) = try await twoProcesses()
        _ = try await store.createVersion(newVersion("m"))
        _ = try await store.setAlias(model: "m", alias: "champion", version: 1, kind: .move, reason: "r", actor: "a")
        let attempt = try #require(try await store.beginAttempt(model: "m", trigger: "manual", championVersion: 1))
        await #expect(throws: PSQLError.self) { try await store.database.execute("DELETE FROM alias_audit") }
        await #expect(throws: PSQLError.self) { try await store.database.execute("UPDATE alias_audit SET to_version = 5") }
        await #expect(throws: PSQLError.self) { try await store.database.execute("UPDATE retrain_transition SET detail = 'x' WHERE attempt_id = \(attempt.id)") }
        #expect(try await store.auditLog(model: "m").count == 1)
    }

    @Test func aliasMovesAreAnnouncedToOtherProcesses() async throws {
        let (a, b) = try await twoProcesses()
        _ = try await a.createVersion(newVersion("m"))
        let moves = try #require(b.aliasMoves(model: "m"))
        let heard = Heard()
        let listener = Task {
            var iterator = moves.makeAsyncIterator()
            if await iterator.next() != nil { await heard.set() }
        }
        // The listener needs a moment to start listening: move until it hears a move (20 s at most).
        // Nothing here waits on the listener itself, so a move it missed cannot hold the test.
        let deadline = ContinuousClock.now + .seconds(20)
        while await !heard.value && ContinuousClock.now < deadline {
            _ = try await a.setAlias(model: "m", alias: "champion", version: 1, kind: .move, reason: "r", actor: "t")
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(await heard.value, "no announcement of the alias move reached the other process")
        listener.cancel()
    }

    @Test func aDatabaseOfAnotherApplicationIsRefused() async throws {
        let url = try await PostgresCluster.database("foreign")
        let location = try PostgresLocation(url: url)
        let database = try await PostgresPool.open(location)
        try await database.execute("CREATE TABLE customers (id INTEGER)")
        await #expect(throws: RegistryError.notARegistry(path: location.display,
                                                         reason: "the database holds other tables (customers) and no Driftwatch schema; use a database of its own")) {
            try await PostgresRegistryStore.open(location)
        }
    }

    @Test func unreachableServerIsOneLineWithinTheTimeout() async throws {
        let port = try freeLoopbackPort()
        let (_, elapsed, starved) = await measuringStarvation {
            do {
                _ = try await Registry.open("postgres://driftwatch@127.0.0.1:\(port)/registry?sslmode=disable&connect_timeout=3")
                Issue.record("opening a registry on a closed port must fail")
            } catch let error as PostgresConnectError {
                #expect(error.location == "driftwatch@127.0.0.1:\(port)/registry")
                #expect(error.description.hasPrefix("cannot connect to PostgreSQL at driftwatch@127.0.0.1:\(port)/registry: connection refused"), "\(error)")
                #expect(!error.description.contains("\n"))
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
        // No hang: refused at once, inside the timeout (plus the time this process had no core).
        #expect(elapsed < .seconds(3) + starved, "took \(elapsed), of which \(starved) starved")
    }

    /// A server that accepts the connection and then says nothing: the connect timeout ends the wait.
    @Test func silentServerTimesOut() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 4) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        try #require(ready)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let (_, elapsed, starved) = await measuringStarvation {
            await #expect(throws: PostgresConnectError(location: "driftwatch@127.0.0.1:\(port)/registry", reason: "no answer within 1 s (connect_timeout)")) {
                _ = try await Registry.open("postgres://driftwatch@127.0.0.1:\(port)/registry?sslmode=disable&connect_timeout=1")
            }
        }
        // No hang: the timeout ends it (a second of margin, plus the time this process had no core).
        #expect(elapsed < .seconds(1 + 1) + starved, "took \(elapsed), of which \(starved) starved")
    }

    @Test func wrongPasswordNamesTheHostAndTheServersReason() async throws {
        let cluster = try await PostgresCluster.shared()
        let url = cluster.url(database: "postgres", password: "wrong")
        do {
            _ = try await Registry.open(url)
            Issue.record("a wrong password must be refused")
        } catch let error as PostgresConnectError {
            #expect(error.description == "cannot connect to PostgreSQL at driftwatch@127.0.0.1:\(cluster.port)/postgres: password authentication failed for user \"driftwatch\" (SQLSTATE 28P01)")
        }
    }

    @Test func badURLsAreExplained() {
        #expect(throws: PostgresLocationError(url: "postgres://127.0.0.1/db", reason: "no user (postgres://USER@host/database)")) { try PostgresLocation(url: "postgres://127.0.0.1/db") }
        #expect(throws: PostgresLocationError(url: "postgres://u:***@h/", reason: "no database name (postgres://user@host/DATABASE)")) { try PostgresLocation(url: "postgres://u:secret@h/") }
        #expect(throws: PostgresLocationError(url: "postgres://u@h/db?sslmode=maybe", reason: "sslmode must be disable, prefer or require, got 'maybe'")) { try PostgresLocation(url: "postgres://u@h/db?sslmode=maybe") }
        let location = try? PostgresLocation(url: "postgresql://me:p%40ss@db.internal:6543/reg?connect_timeout=2.5")
        #expect(location?.password == "p@ss" && location?.port == 6543 && location?.connectTimeout == 2.5 && location?.display == "me@db.internal:6543/reg")
    }
}

/// Whether a listener heard an announcement.
private actor Heard {
    private(set) var value = false

    func set() {
        value = true
    }
}
