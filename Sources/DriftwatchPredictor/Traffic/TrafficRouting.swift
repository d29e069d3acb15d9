/// Which version answers a request under a canary or A/B policy: the request's routing key is
/// hashed (64-bit FNV-1a, Fowler–Noll–Vo; salted with the model's name) into one of 10,000
/// buckets, and buckets below `weight × 100` go to the challenger. A key therefore always lands
/// on the same version for a given weight, and widening the weight only moves keys from the
/// champion to the challenger, never back.
public enum TrafficRouting {
    public static let buckets: UInt64 = 10_000

    /// The key's bucket, 0 ..< 10,000.
    public static func bucket(key: String, model: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in model.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash = (hash ^ 0) &* 0x0000_0100_0000_01b3  // separates the salt from the key
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        // FNV's low bits mix poorly for short keys: fold the high half in first.
        hash ^= hash >> 32
        return Int(hash % buckets)
    }

    /// Whether the challenger answers a request with this key at `weight` percent.
    public static func routesToChallenger(key: String, model: String, weight: Double) -> Bool {
        Double(bucket(key: key, model: model)) < weight * Double(buckets) / 100
    }
}
