/// What a route gives away, which decides who may call it (see ``AccessPolicy``).
public enum RouteClass: String, Sendable {
    /// `/health` and `/ready`: always open, so that probes need no secret.
    case probe
    /// Reading what anyone scraping or predicting sees: `/predict`, `/invocations`, `/metrics`,
    /// the status page, snapshots. Open unless the web config names users.
    case open
    /// Changing what the loop learns from or does: ingest, labels, feedback, retrain, the
    /// Alertmanager webhook.
    case write
    /// Reading logged request bodies (`/v1/predictions`), which may hold fields the model never uses.
    case readLog = "read-log"
}
