extension ReferenceProfile {
    /// The reference a check or an agent compares with: a saved profile file
    /// (`driftwatch profile`) as it is, or a data file (CSV, JSON Lines, Parquet) profiled now.
    ///
    /// A saved profile carries its schema and its PSI bins, so a schema given beside it, or
    /// settings that ask for other bins, are refused rather than silently ignored. `saved` tells
    /// which of the two the file was.
    /// `multivariateSampleRows`, when given, profiles a data file for the multivariate methods too.
    public static func load(path: String, schema spec: SchemaSpec?, schemaPath: String? = nil, binCount: Int,
                            multivariateSampleRows: Int? = nil) throws -> (profile: ReferenceProfile, saved: Bool) {
        let data = try DatasetReader.contents(path: path)
        guard isProfileFile(data) else {
            let batch = try DatasetReader.readBatch(data, source: path, schema: spec)
            return (ReferenceProfile(batch: batch, binCount: binCount, multivariateSampleRows: multivariateSampleRows), false)
        }
        let profile = try decodeFile(data, source: path)
        if spec != nil {
            throw DataError(file: schemaPath ?? path, "\(path) is a saved profile, which carries its own schema: leave the schema out (or profile the data again with this schema)")
        }
        guard profile.binCount == binCount else {
            throw DataError(file: path, "the profile was built with \(profile.binCount) PSI bins but \(binCount) are asked for: build it again with `driftwatch profile --bins \(binCount)`")
        }
        return (profile, true)
    }
}
