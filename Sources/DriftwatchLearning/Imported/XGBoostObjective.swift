import Foundation

/// The learning objectives of an XGBoost booster that Driftwatch can score: how a stored base
/// score becomes a margin, and how a margin becomes a prediction. Ported from XGBoost's objective
/// documentation (https://xgboost.readthedocs.io/en/stable/parameter.html#learning-task-parameters)
/// and its `ProbToMargin` / `PredTransform` of each objective: the logistic ones use the logit
/// link (`binary:logitraw` answers, and stores its base score as, a margin), the count and
/// positive-continuous ones the log link, the others the identity.
public enum XGBoostObjective: String, Sendable, Codable, CaseIterable {
    case squaredError = "reg:squarederror"
    case absoluteError = "reg:absoluteerror"
    case pseudoHuberError = "reg:pseudohubererror"
    case logisticRegression = "reg:logistic"
    case binaryLogistic = "binary:logistic"
    case binaryLogitRaw = "binary:logitraw"
    case poisson = "count:poisson"
    case gamma = "reg:gamma"
    case tweedie = "reg:tweedie"

    enum Link { case identity, logit, log }

    var link: Link {
        switch self {
        case .squaredError, .absoluteError, .pseudoHuberError: .identity
        case .logisticRegression, .binaryLogistic, .binaryLogitRaw: .logit
        case .poisson, .gamma, .tweedie: .log
        }
    }

    /// Whether it predicts the probability of the positive class (a classifier's output).
    public var isClassification: Bool { self == .binaryLogistic || self == .binaryLogitRaw }

    /// The margin a base score stands for (XGBoost stores the base score as a prediction; for
    /// `binary:logitraw`, whose predictions are margins, it is one already).
    func margin(ofBaseScore score: Double) -> Double {
        if self == .binaryLogitRaw { return score }
        switch link {
        case .identity: return score
        case .logit: return log(score / (1 - score))
        case .log: return log(score)
        }
    }

    /// The prediction a margin stands for. `binary:logitraw` answers the margin itself.
    func prediction(ofMargin margin: Double) -> Double {
        switch self {
        case .binaryLogitRaw: margin
        default:
            switch link {
            case .identity: margin
            case .logit: 1 / (1 + exp(-margin))
            case .log: exp(margin)
            }
        }
    }

    /// Whether a base score is one the link can take.
    func accepts(baseScore score: Double) -> Bool {
        if self == .binaryLogitRaw { return score.isFinite }
        switch link {
        case .identity: return score.isFinite
        case .logit: return score > 0 && score < 1
        case .log: return score > 0 && score.isFinite
        }
    }
}
