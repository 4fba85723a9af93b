/// A trained model read from a model file, ready to predict: it standardizes inputs with the
/// stored statistics and reports labels and probabilities (classification) or values in the
/// target's units (regression).
///
///     let predictor = try Predictor(contentsOfFile: "model.safetensors")
///     let input = try PredictionInput(csvAtPath: "new.csv", for: predictor.description)
///     let predictions = predictor.predict(input)
public struct Predictor: Sendable {
  /// The model file's description.
  public let description: ModelDescription
  /// The trainer holding the model (its loss says how to read the outputs).
  private let trainer: Trainer<Sequential, SGD>
  private let scaler: Standardizer

  /// Reads the model file at `path`.
  /// - Throws: ``CheckpointError`` naming what is wrong with the file or its description.
  public init(contentsOfFile path: String) throws(CheckpointError) {
    let (model, description) = try Checkpoint.loadModel(from: path)
    let loss: LossFunction
    switch description.loss {
    case "crossEntropy": loss = .crossEntropy
    case "binaryCrossEntropy": loss = .binaryCrossEntropy
    case "meanSquaredError": loss = .meanSquaredError
    default: throw .description("unknown loss \"\(description.loss)\"")
    }
    guard description.featureScales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw .description("a feature scale is not a positive number")
    }
    if loss.isClassification {
      let classes = description.classLabels?.count ?? 0
      let outputs = description.layerSizes.last!
      guard classes >= 2, outputs == (loss == .binaryCrossEntropy ? 1 : classes) else {
        throw .description("\(classes) class labels for \(outputs) outputs")
      }
    }
    var trainer = Trainer(model: model, optimizer: SGD(learningRate: 1), loss: loss)
    if let threshold = description.decisionThreshold { trainer.decisionThreshold = threshold }
    if loss == .meanSquaredError, let mean = description.targetMean,
      let scale = description.targetScale, scale > 0, scale.isFinite
    {
      trainer.targetScaler = Standardizer(means: [mean], scales: [scale])
    }
    self.description = description
    self.trainer = trainer
    self.scaler = Standardizer(means: description.featureMeans, scales: description.featureScales)
  }

  /// Whether the model classifies (else it regresses).
  public var isClassification: Bool { trainer.loss.isClassification }

  /// The predictions for `input`'s rows.
  public func predict(_ input: PredictionInput) -> Predictions {
    let count = description.featureNames.count
    let x = Tensor(
      scaler.transform(input.features, featureCount: count), shape: [input.rowCount, count])
    if isClassification {
      return Predictions(
        classes: trainer.predictClasses(x), probabilities: trainer.predictProbabilities(x),
        values: nil)
    }
    return Predictions(classes: nil, probabilities: nil, values: trainer.predict(x).scalars)
  }

  /// The test figures for `input`'s rows, which must have targets: accuracy and the other
  /// classification metrics, or MSE and R² in the target's units.
  /// - Precondition: `input.targets` is not nil.
  public func evaluate(_ input: PredictionInput) -> Evaluation {
    guard let targets = input.targets else {
      preconditionFailure("Predictor.evaluate: the input has no target column")
    }
    let count = description.featureNames.count
    let x = Tensor(
      scaler.transform(input.features, featureCount: count), shape: [input.rowCount, count])
    let y: Tensor
    switch trainer.loss {
    case .crossEntropy: y = Tensor(targets, shape: [targets.count])
    case .binaryCrossEntropy: y = Tensor(targets, shape: [targets.count, 1])
    case .meanSquaredError:
      let scaled = trainer.targetScaler?.transform(targets, featureCount: 1) ?? targets
      y = Tensor(scaled, shape: [targets.count, 1])
    }
    return trainer.evaluate(TensorDataset(inputs: x, targets: y))
  }
}

/// A model's predictions for some rows.
public struct Predictions: Sendable, Equatable {
  /// Classification: each row's class index.
  public var classes: [Int]?
  /// Classification: each row's probability of each class.
  public var probabilities: [[Double]]?
  /// Regression: each row's prediction in the target's units.
  public var values: [Double]?
}
