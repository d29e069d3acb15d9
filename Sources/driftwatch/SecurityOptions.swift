import ArgumentParser

/// `--web-config`, `--token-file`, `--request-timeout` and `--max-connections`: how `serve` and
/// `agent` treat the network (see `ServerSecurity`). Each overrides the agent config's key of the
/// same name.
struct SecurityOptions: ParsableArguments {
    @Option(name: .customLong("web-config"), help: ArgumentHelp("TLS and basic-auth users, in the Prometheus exporters' web config format.", valueName: "file"))
    var webConfig: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Bearer tokens accepted on write and log-reading routes, one per line (DRIFTWATCH_TOKEN is one more).", valueName: "file"))
    var tokenFile: String?

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds a request has to arrive whole; a connection idle as long is closed (default 10).", valueName: "seconds"))
    var requestTimeout: Double?

    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Most connections open at once (default 1024).", valueName: "count"))
    var maxConnections: Int?

    func timeout() throws -> Duration? {
        guard let requestTimeout else { return nil }
        guard requestTimeout.isFinite, requestTimeout > 0, requestTimeout <= 3600 else {
            throw OptionValidationFailure(message: "--request-timeout must be a number of seconds from 0 to 3600, got \(requestTimeout)")
        }
        return .milliseconds(Int(requestTimeout * 1000))
    }

    func connections() throws -> Int? {
        guard let maxConnections else { return nil }
        guard (1...1_000_000).contains(maxConnections) else {
            throw OptionValidationFailure(message: "--max-connections must be from 1 to 1000000, got \(maxConnections)")
        }
        return maxConnections
    }
}
