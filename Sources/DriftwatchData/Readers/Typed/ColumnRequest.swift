/// A column a reader is asked for: its name and, when declared, its kind (nil: inferred from
/// the values — numeric when every present value is a finite number).
public struct ColumnRequest: Sendable, Equatable {
    public var name: String
    public var kind: ColumnKind?

    public init(name: String, kind: ColumnKind? = nil) {
        self.name = name
        self.kind = kind
    }
}
