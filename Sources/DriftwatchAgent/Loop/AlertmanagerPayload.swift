/// The body Alertmanager posts to a webhook receiver (version 4): the group's status and its
/// alerts with labels, annotations, start time and fingerprint.
public struct AlertmanagerPayload: Decodable, Sendable {
    public struct Alert: Decodable, Sendable, Equatable {
        public var status: String
        public var labels: [String: String]
        public var annotations: [String: String]?
        public var startsAt: String
        public var fingerprint: String?

        public init(status: String, labels: [String: String], annotations: [String: String]? = nil, startsAt: String, fingerprint: String? = nil) {
            self.status = status
            self.labels = labels
            self.annotations = annotations
            self.startsAt = startsAt
            self.fingerprint = fingerprint
        }
    }

    public var version: String?
    public var status: String
    public var alerts: [Alert]
}
