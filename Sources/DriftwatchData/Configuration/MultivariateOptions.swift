/// The multivariate drift methods and their thresholds: the `multivariate:` section of the agent
/// config, `driftwatch check --multivariate`.
///
/// ```yaml
/// multivariate:
///   methods: [pca_reconstruction, domain_classifier]
///   reconstruction_multiplier: 4       # PCA: drift outside the reference's mean ± 4 standard errors
///   domain_classifier_threshold: 0.65  # drift when the classifier's out-of-fold AUC is above it
///   sample_rows: 5000                  # reference rows the domain classifier learns from
///   max_window_rows: 5000              # the newest window rows it learns from
/// ```
public struct MultivariateOptions: Sendable, Equatable, Codable {
    public var methods: [MultivariateMethod] = MultivariateMethod.allCases
    /// 4, not NannyML's 3: the soundness simulation's choice for ≤ 1 false alarm in 1,000 windows.
    public var reconstructionMultiplier = 4.0
    public var domainClassifierThreshold = 0.65
    public var sampleRows = MultivariateProfile.defaultSampleRows
    public var maxWindowRows = 5_000

    public init() {}
}

/// A multivariate method, by the name that labels its metrics (`method`).
public enum MultivariateMethod: String, Sendable, Codable, CaseIterable {
    /// NannyML's data reconstruction: mean PCA reconstruction error.
    case pcaReconstruction = "pca_reconstruction"
    /// Out-of-fold ROC AUC of trees telling reference rows from current ones.
    case domainClassifier = "domain_classifier"
}
