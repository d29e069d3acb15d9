import DriftwatchData

extension ModelArtifact {
    /// The target and the model's prediction of every row with ground truth and a finite
    /// prediction: numbers for a regressor (text parsed as numbers), 1 for the positive class and 0
    /// otherwise for a classifier. The gate, verification and the reference's metrics all read
    /// labelled rows this way.
    public func labelled(_ batch: ColumnarBatch, predictions: [Double]) -> (actual: [Double], predicted: [Double]) {
        let positive = model.positiveClass ?? "1"
        var actual: [Double] = [], predicted: [Double] = []
        for row in 0..<batch.rowCount where predictions[row].isFinite {
            switch batch.column(named: target) {
            case .numeric(let column)? where !column.values[row].isNaN:
                let value = column.values[row]
                actual.append(model.task == .regression ? value : (value == (Double(positive) ?? 1) ? 1 : 0))
            case .categorical(let column)?:
                guard let value = column.value(at: row) else { continue }
                if model.task == .regression {
                    guard let number = NumberParser.parse(value) else { continue }
                    actual.append(number)
                } else {
                    actual.append(value == positive ? 1 : 0)
                }
            default:
                continue
            }
            predicted.append(predictions[row])
        }
        return (actual, predicted)
    }
}
