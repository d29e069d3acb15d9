import DriftwatchData

extension DriftReport {
    /// The report as JSON. The keys `reference_rows`, `current_rows`, `columns[].name`, `kind`,
    /// `missing_ratio`, `ks`, `chi_square`, `psi`, `jensen_shannon`, `wasserstein_normed`, `drift`,
    /// `drift_test` and `dataset_drift` are a contract that other tools read; the rest is extra.
    public var json: JSONValue {
        .object([
            ("reference_rows", .int(referenceRows)),
            ("current_rows", .int(currentRows)),
            ("columns", .array(columns.map(\.json))),
            ("dataset_drift", .object([
                ("drifted_columns", .int(dataset.driftedColumns)),
                ("tested_columns", .int(dataset.testedColumns)),
                ("share", .number(dataset.share)),
                ("drift", .bool(dataset.drift)),
            ])),
            ("options", .object([
                ("alpha", .number(options.alpha)),
                ("psi_threshold", .number(options.psiThreshold)),
                ("jensen_shannon_threshold", .number(options.jensenShannonThreshold)),
                ("wasserstein_threshold", .number(options.wassersteinThreshold)),
                ("drift_share", .number(options.driftShare)),
                ("correction", .string(options.correction.rawValue)),
                ("chi_square_mode", .string(options.chiSquareMode.rawValue)),
                ("bins", .int(options.binCount)),
                ("min_psi", .number(options.minimumPSI)),
                ("mmd_permutations", .int(options.mmdPermutations)),
                ("vector_sample", .int(options.vectorSampleRows)),
                ("min_mmd", .number(options.minimumMMD)),
                ("vector_components", .int(options.vectorComponents)),
            ])),
            ("warnings", .array(warnings.map(JSONValue.string))),
        ] + (multivariate.map { [("multivariate", JSONValue.array($0.map(\.json)))] } ?? []))
    }
}

extension ColumnDrift {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)),
            ("kind", .string(kind.rawValue)),
            ("role", .string(role.rawValue)),
            ("missing_ratio", .object([("reference", .number(referenceMissingRatio)), ("current", .number(currentMissingRatio))])),
        ]
        if kind == .vector {
            members.append(("mmd", mmd.map { .object([("statistic", .number($0.statistic)), ("p_value", .number($0.pValue)), ("bandwidth", .number($0.bandwidth)),
                                                       ("permutations", .int($0.permutations)), ("reference_vectors", .int($0.referenceCount)),
                                                       ("current_vectors", .int($0.currentCount))] + ($0.dimensions.map { [("dimensions", JSONValue.int($0))] } ?? [])) } ?? .null))
        } else if kind == .numeric {
            members.append(("ks", ks.map { .object([("statistic", .number($0.statistic)), ("p_value", .number($0.pValue)), ("method", .string($0.method.rawValue))]) } ?? .null))
        } else {
            members.append(("chi_square", chiSquare.map { .object([("statistic", .number($0.statistic)), ("p_value", .number($0.pValue)), ("dof", .int($0.degreesOfFreedom))]) } ?? .null))
        }
        if kind != .vector {
            members.append(("psi", .optional(psi)))
            members.append(("jensen_shannon", .optional(jensenShannon)))
        }
        if kind == .numeric {
            members.append(("wasserstein_normed", .optional(wassersteinNormed)))
            members.append(("out_of_range_ratio", .optional(outOfRangeRatio)))
        } else if kind == .categorical {
            members.append(("unseen_category_ratio", .optional(unseenCategoryRatio)))
            members.append(("unseen_categories", .array(unseenCategories.map(JSONValue.string))))
        }
        if let adjustedPValue { members.append(("p_value_adjusted", .number(adjustedPValue))) }
        members.append(("drift", .bool(drift)))
        members.append(("drift_test", .string(driftTest.rawValue)))
        if let skippedReason { members.append(("skipped", .string(skippedReason))) }
        return .object(members)
    }
}
