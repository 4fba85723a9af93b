import Descent
import Testing

/// Reading prediction rows for a model with a one-hot encoded column: values the model never
/// saw in training are all zeros, and are named in the notes (issue 12).
@Suite("PredictionInput: one-hot columns")
struct PredictionInputTests {
  /// A regression model on `size` and a `color` column one-hot encoded as blue, green, red.
  static let description = ModelDescription(
    layerSizes: [4, 1], activation: .relu, task: "regression", loss: "meanSquaredError",
    featureNames: ["size", "color=blue", "color=green", "color=red"], targetName: "price",
    classLabels: nil, classValues: nil, featureMeans: [0, 0, 0, 0],
    featureScales: [1, 1, 1, 1], fillValues: nil, targetMean: 0, targetScale: 1,
    decisionThreshold: nil, dataset: "shop.csv")

  @Test("seen values are one-hot and give no note")
  func seenValues() throws {
    let input = try PredictionInput(
      csv: "size,color\n1,red\n2,blue\n", source: "new.csv", for: Self.description)
    #expect(input.features == [1, 0, 0, 1, 2, 1, 0, 0])
    #expect(input.notes.isEmpty)
  }

  @Test("unseen values and missing cells are all zeros, named with their row counts")
  func unseenValues() throws {
    let input = try PredictionInput(
      csv: "size,color\n1,red\n2,teal\n3,mauve\n4,teal\n5,NA\n", source: "new.csv",
      for: Self.description)
    #expect(input.rowCount == 5)
    #expect(
      input.features == [1, 0, 0, 1, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0])
    #expect(
      input.notes == [
        #"column "color" has 3 values the model did not see in training: "teal" (2 rows), "#
          + #""mauve" (1 row), missing cells (1 row); those 4 rows are encoded as no category "#
          + "(all of its one-hot features 0)"
      ])
  }

  @Test("one unseen value in one row, and more than ten values, are counted")
  func counts() throws {
    let one = try PredictionInput(
      csv: "size,color\n1,teal\n", source: "new.csv", for: Self.description)
    #expect(
      one.notes.first?.contains(
        #"1 value the model did not see in training: "teal" (1 row); that row is"#) == true)
    let many = (0..<12).map { "\($0),c\($0)" }.joined(separator: "\n")
    let input = try PredictionInput(
      csv: "size,color\n" + many + "\n", source: "new.csv", for: Self.description)
    let note = try #require(input.notes.first)
    #expect(note.contains("12 values") && note.contains("and 2 more; those 12 rows are"))
  }
}
