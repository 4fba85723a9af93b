extension BundledDataset {
  /// Settings a careful practitioner would pick for this dataset, chosen on validation-style
  /// runs over seeds (never on the test figures `descent train` reports) and measured by
  /// `scripts/accuracy.sh`:
  ///
  /// | dataset | hidden | activation | epochs | learning rate | weight decay |
  /// | --- | --- | --- | --- | --- | --- |
  /// | iris | 16 | tanh | 100 | 0.02 | 0 |
  /// | digits, wine, breast_cancer | 128 | relu | 40 | 0.02 | 0 |
  /// | diabetes | 16 | relu | 50 | 0.005 | 0.1 |
  ///
  /// Everything else (batch 32, momentum 0.9, test fraction 0.2, validation fraction 0.1) is
  /// ``TrainingConfiguration``'s default. Small data (iris: 108 training rows) wants a small
  /// network and more epochs; the small, noisy diabetes regression overfits without weight
  /// decay and a lower learning rate.
  public var recommendedConfiguration: TrainingConfiguration {
    var config = TrainingConfiguration()
    switch self {
    case .iris:
      config.hiddenSizes = [16]
      config.activation = .tanh
      config.epochs = 100
      config.learningRate = 0.02
    case .digits, .wine, .breastCancer:
      break
    case .diabetes:
      config.hiddenSizes = [16]
      config.epochs = 50
      config.learningRate = 0.005
      config.weightDecay = 0.1
    }
    return config
  }
}
