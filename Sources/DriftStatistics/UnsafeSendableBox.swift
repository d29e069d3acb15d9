/// Buffers handed to parallel workers that write disjoint parts of them (the trees' histograms,
/// the reconstruction errors' rows): the compiler cannot see that the parts do not overlap.
public struct UnsafeSendableBox<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
