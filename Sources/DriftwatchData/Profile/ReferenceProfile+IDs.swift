extension ReferenceProfile {
    /// Reference rows below which a column of distinct values may still be a small feature.
    public static let minimumRowsForIDs = 20

    /// Categorical columns that no schema named and whose every reference value is distinct — an
    /// order number, a UUID — are ids: a drift test on them can only find every current value new,
    /// which says nothing about the data. Returns the profile with them given the role `id` (carried,
    /// never tested, not counted in the dataset's share) and their names.
    public func treatingDistinctColumnsAsIDs(except declared: Set<String>) -> (profile: ReferenceProfile, ids: [String]) {
        guard rowCount >= Self.minimumRowsForIDs else { return (self, []) }
        var profile = self, ids: [String] = []
        profile.columns = columns.filter { column in
            guard case .categorical(let categorical) = column, !declared.contains(categorical.name),
                  schema.columns.first(where: { $0.name == categorical.name })?.role == .feature,
                  categorical.counts.count == rowCount - categorical.missingCount, categorical.counts.count >= Self.minimumRowsForIDs
            else { return true }
            ids.append(categorical.name)
            return false
        }
        for index in profile.schema.columns.indices where ids.contains(profile.schema.columns[index].name) {
            profile.schema.columns[index].role = .id
        }
        profile.multivariate = profile.multivariate?.removing(Set(ids))
        return (profile, ids)
    }
}
