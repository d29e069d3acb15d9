import DriftStatistics
import DriftwatchData

/// Runs the configured multivariate methods on a current batch against the reference's
/// multivariate profile: pure computation, on the calling thread except for the domain
/// classifier, whose folds are fitted on every core.
public struct MultivariateEvaluator: Sendable {
    public var options: MultivariateOptions

    public init(options: MultivariateOptions = MultivariateOptions()) {
        self.options = options
    }

    public func evaluate(profile: MultivariateProfile, current batch: ColumnarBatch, source: String = "current data") throws -> [MultivariateDrift] {
        let current = try profile.current(batch, source: source)
        return options.methods.map { method in
            let start = ContinuousClock.now
            var result = switch method {
            case .pcaReconstruction: reconstruction(profile, current)
            case .domainClassifier: domainClassifier(profile, current)
            }
            result.duration = (ContinuousClock.now - start).inSeconds
            return result
        }
    }

    func reconstruction(_ profile: MultivariateProfile, _ current: [MultivariateColumn]) -> MultivariateDrift {
        let rows = current.first?.count ?? 0
        let (lower, upper) = PCAReconstruction.thresholds(referenceErrors: profile.referenceErrors, windowRows: rows, multiplier: options.reconstructionMultiplier)
        var result = MultivariateDrift(method: .pcaReconstruction, lowerThreshold: lower, upperThreshold: upper, referenceRows: profile.referenceErrors.count, currentRows: rows)
        guard rows >= 2 else {
            result.skippedReason = "needs at least 2 current rows"
            return result
        }
        let (value, samplingError) = PCAReconstruction.summary(profile.reconstruction.errors(current))
        result.value = value
        result.samplingError = samplingError
        result.drift = value > upper || value < lower
        return result
    }

    func domainClassifier(_ profile: MultivariateProfile, _ current: [MultivariateColumn]) -> MultivariateDrift {
        let rows = current.first?.count ?? 0
        // The newest rows, when the window holds more than the classifier learns from.
        let used = rows > options.maxWindowRows ? current.map { $0.rows((rows - options.maxWindowRows)..<rows) } : current
        var result = MultivariateDrift(method: .domainClassifier, upperThreshold: options.domainClassifierThreshold,
                                       referenceRows: profile.sample.first?.count ?? 0, currentRows: used.first?.count ?? 0)
        do {
            let measured = try DomainClassifier.measure(reference: profile.sample, current: used)
            result.value = measured.auc
            result.drift = measured.auc > options.domainClassifierThreshold
            result.columns = zip(profile.columns, measured.importance).filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
                .prefix(MultivariateDrift.reportedColumns).map { MultivariateDrift.ColumnShare(name: $0.0, share: $0.1) }
        } catch {
            result.skippedReason = "\(error)"
        }
        return result
    }
}
