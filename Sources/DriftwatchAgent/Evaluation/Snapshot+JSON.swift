import DriftwatchReport

extension Snapshot {
    /// The snapshot as JSON (`GET /api/v1/snapshot`): the `driftwatch check --format json`
    /// fields plus the agent's own. (What a restart restores is the snapshot's Codable form.)
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("model", .string(model)),
            ("model_version", modelVersion.map(JSONValue.int) ?? .null),
            ("evaluated_at", .number(evaluatedAt)),
            ("evaluation_seconds", .number(duration)),
            ("window_rows", .int(windowRows)),
            ("labelled_rows", .int(accuracy?.labelledRows ?? 0)),
        ]
        if case .object(let fields) = report.json { members += fields }
        switch accuracy {
        case .regression(let m)?:
            members.append(("accuracy", .object([("rmse", .number(m.rootMeanSquaredError)), ("mae", .number(m.meanAbsoluteError)),
                                                  ("mape", .number(m.meanAbsolutePercentageError)), ("r2", .number(m.r2)), ("mean_error", .number(m.meanError))])))
        case .classification(let m)?:
            members.append(("accuracy", .object([("accuracy", .number(m.accuracy)), ("precision", .number(m.precision)), ("recall", .number(m.recall)),
                                                  ("f1", .number(m.f1)), ("log_loss", .optional(m.logLoss)), ("roc_auc", .optional(m.rocAUC))])))
        case nil:
            members.append(("accuracy", .null))
        }
        if let c = comparison {
            members.append(("challenger", .object([
                ("champion_version", .int(c.championVersion)), ("challenger_version", .int(c.challengerVersion)), ("test", .string(c.test)),
                ("loss", .string(c.loss)), ("champion_rows", .int(c.championRows)), ("challenger_rows", .int(c.challengerRows)),
                ("champion_loss", .optional(c.championLoss.isFinite ? c.championLoss : nil)), ("challenger_loss", .optional(c.challengerLoss.isFinite ? c.challengerLoss : nil)),
                ("difference", .optional(c.difference)), ("lower", .optional(c.lower)), ("upper", .optional(c.upper)),
                ("p_value", .optional(c.pValue)), ("verdict", .string(c.verdict.rawValue)),
            ])))
        }
        return .object(members)
    }
}
