/// Dictionary encoding of one categorical column's values in the window: each distinct text gets
/// a code once, so a row stores an `Int32` and an evaluation counts codes instead of hashing text.
struct CategoryVocabulary: Sendable {
    private(set) var names: [String] = []
    private var codes: [String: Int32] = [:]

    mutating func code(_ name: String) -> Int32 {
        if let code = codes[name] { return code }
        let code = Int32(names.count)
        names.append(name)
        codes[name] = code
        return code
    }

    /// Keeps only the names still in use and renumbers `stored` to match. Called when rows with
    /// many one-off categories have come and gone, so the vocabulary stays bounded by the window.
    mutating func compact(_ stored: inout [Int32]) {
        var renumbered = [Int32](repeating: -1, count: names.count)
        var kept: [String] = []
        for slot in stored.indices {
            let old = stored[slot]
            guard old >= 0 else { continue }
            if renumbered[Int(old)] < 0 {
                renumbered[Int(old)] = Int32(kept.count)
                kept.append(names[Int(old)])
            }
            stored[slot] = renumbered[Int(old)]
        }
        names = kept
        codes = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($0.element, Int32($0.offset)) })
    }
}
