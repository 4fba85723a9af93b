import Foundation
import Testing

/// End-to-end checks of `descent train`: exit status, one-line errors, JSON output.
@Suite("descent train")
struct TrainCommandTests {
  /// Expects a failure with exit status 1 and one line on standard error holding `pieces`.
  func expectOneLineError(
    _ arguments: [String], mentions pieces: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 1, "exit status", sourceLocation: sourceLocation)
    let lines = result.standardError.split(separator: "\n")
    #expect(
      lines.count == 1, "stderr should be one line: \(result.standardError)",
      sourceLocation: sourceLocation)
    for piece in pieces {
      #expect(
        result.standardError.contains(piece), "stderr \(result.standardError) lacks \(piece)",
        sourceLocation: sourceLocation)
    }
    #expect(!result.standardError.contains("Fatal error"), sourceLocation: sourceLocation)
    #expect(result.standardOutput.isEmpty, sourceLocation: sourceLocation)
  }

  @Test(
    "settings that are not positive are refused in one line",
    arguments: [
      (["--learning-rate", "0"], "learning rate"),
      (["--learning-rate", "-0.5"], "learning rate"),
      (["--epochs", "0"], "epochs"),
      (["--epochs", "-2"], "epochs"),
      (["--batch-size", "0"], "batch size"),
      (["--hidden", "64,0"], "--hidden"),
      (["--test-fraction", "1.5"], "test fraction"),
    ])
  func badSettings(arguments: [String], name: String) throws {
    try expectOneLineError(["train"] + arguments, mentions: [name, arguments[1]])
  }

  @Test(
    "usage mistakes caught by the parser are also one line, with a failure status",
    arguments: [
      ["train", "--epochs", "abc"], ["train", "--activation", "gelu"], ["train", "--bogus"],
      ["trian"],
    ])
  func parserErrors(arguments: [String]) throws {
    let result = try CommandRunner.run(arguments)
    #expect(result.status != 0)
    #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
    #expect(result.standardError.contains(arguments.last ?? ""))
    #expect(result.standardError.contains("--help"))
  }

  @Test("--help prints the options and succeeds")
  func help() throws {
    let result = try CommandRunner.run(["train", "--help"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("--learning-rate"))
  }

  @Test("an unknown dataset name lists the bundled ones")
  func unknownDataset() throws {
    try expectOneLineError(
      ["train", "--data", "mnist"], mentions: ["mnist", "iris", "digits", "wine"])
  }

  @Test("a missing file is named")
  func missingFile() throws {
    try expectOneLineError(
      ["train", "--data", "/nonexistent/houses.csv"], mentions: ["/nonexistent/houses.csv"])
  }

  @Test("an unknown target column is named, with the available ones")
  func unknownTarget() throws {
    try expectOneLineError(
      ["train", "--data", "iris", "--target", "colour"], mentions: ["colour", "petal_width"])
  }

  @Test(
    "bad cells, ragged rows and empty files name the file, line and column",
    arguments: [
      ("a,b,y\n1,2,0\n3,x7,1\n", ["bad.csv", "line 3", "\"b\"", "(2)", "x7"]),
      ("a,b,y\n1,2,0\n3,,1\n", ["bad.csv", "line 3", "\"b\"", "(2)", "empty"]),
      ("a,b,y\n1,2,0\n3,4\n", ["bad.csv", "line 3", "3", "2"]),
      ("", ["bad.csv", "empty"]),
    ])
  func badFiles(contents: String, pieces: [String]) throws {
    let path = try CommandRunner.temporaryFile(named: "bad.csv", contents: contents)
    try expectOneLineError(["train", "--data", path], mentions: pieces)
  }

  @Test("a diverging run stops with a message, a failure status and no NaN in the JSON")
  func divergence() throws {
    let arguments = [
      "train", "--data", "iris", "--activation", "relu", "--learning-rate", "10000", "--epochs",
      "20",
    ]
    let text = try CommandRunner.run(arguments)
    #expect(text.status == 1)
    #expect(text.standardError.contains("diverged"))
    #expect(text.standardError.contains("smaller learning rate"))
    let json = try CommandRunner.run(arguments + ["--json"])
    #expect(json.status == 1)
    for word in ["nan", "NaN", "inf"] { #expect(!json.standardOutput.contains(word)) }
    for line in json.standardOutput.split(separator: "\n") {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(object?["epoch"] != nil)
    }
  }

  @Test("--json prints one object per epoch and a summary; the same seed repeats the numbers")
  func jsonReproducible() throws {
    let arguments = ["train", "--data", "iris", "--epochs", "4", "--hidden", "8", "--json"]
    let first = try CommandRunner.run(arguments)
    #expect(first.status == 0)
    let objects = try first.standardOutput.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(objects.count == 5)
    for (i, object) in objects.prefix(4).enumerated() {
      #expect(object["epoch"] as? Int == i + 1)
      for key in ["train_loss", "validation_loss", "validation_accuracy", "learning_rate"] {
        #expect(object[key] is Double, "\(key)")
      }
      #expect(object["test_loss"] == nil && object["test_accuracy"] == nil)
    }
    let summary = try #require(objects.last)
    #expect(summary["summary"] as? Bool == true)
    for key in ["test_loss", "test_accuracy", "validation_loss", "validation_accuracy"] {
      #expect(summary[key] is Double, "\(key)")
    }
    #expect(summary["train_seconds"] is Double)

    func withoutTimings(_ text: String) -> String {
      text.replacing(/"(elapsed|train)_seconds":[0-9.e+-]+/, with: "")
    }
    let second = try CommandRunner.run(arguments)
    #expect(withoutTimings(second.standardOutput) == withoutTimings(first.standardOutput))
    let otherSeed = try CommandRunner.run(arguments + ["--seed", "1"])
    #expect(withoutTimings(otherSeed.standardOutput) != withoutTimings(first.standardOutput))
  }

  @Test("regression prints validation MSE and R² per epoch and test figures at the end")
  func regressionText() throws {
    let result = try CommandRunner.run(["train", "--data", "diabetes", "--epochs", "2"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("regression"))
    #expect(result.standardOutput.contains("validation_mse"))
    #expect(result.standardOutput.contains("validation_r2"))
    #expect(result.standardOutput.contains("Test MSE"))
    #expect(result.standardOutput.contains("epoch 2/2"))
  }

  @Test("a bundled dataset trains with its own defaults; an option overrides one of them")
  func perDatasetDefaults() throws {
    let defaults = try CommandRunner.run(["train", "--data", "iris", "--epochs", "1", "--json"])
    #expect(defaults.standardOutput.contains(#""layers":[4,16,3]"#))
    let overridden = try CommandRunner.run(
      ["train", "--data", "iris", "--epochs", "1", "--hidden", "8", "--json"])
    #expect(overridden.standardOutput.contains(#""layers":[4,8,3]"#))
    #expect(overridden.standardOutput.split(separator: "\n").count == 2)
  }

  @Test("a messy CSV (class names, a category, a missing cell, an id, CRLF) trains end to end")
  func messyFile() throws {
    var text = "id,color,size,weight,label\r\n"
    for row in 0..<30 {
      let big = row % 2 == 0
      let weight = row == 4 ? "NA" : String(big ? 20 + row % 5 : 10 - row % 3)
      text += "\(row),\(["red", "blue", "green"][row % 3]),\(big ? 2.5 : 1.0),\(weight),"
      text += "\(big ? "big" : "small")\r\n"
    }
    let path = try CommandRunner.temporaryFile(named: "messy.csv", contents: text)
    let refused = try CommandRunner.run(["train", "--data", path, "--ignore", "id"])
    #expect(refused.status == 1)
    #expect(refused.standardError.contains("messy.csv, line 6, column \"weight\" (4)"))
    let result = try CommandRunner.run([
      "train", "--data", path, "--ignore", "id", "--missing", "mean", "--epochs", "20",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("one-hot encoded as color=blue, color=green, color=red"))
    #expect(result.standardOutput.contains("filled with the training mean"))
    #expect(
      result.standardOutput.contains("decision threshold 0.5000 on the probability of class small"))
    #expect(result.standardOutput.contains("Test accuracy 1.0000"))
  }

  @Test(
    "--learning-rate 100 diverges with the message and a failure status, for SGD and Adam",
    arguments: ["sgd", "adam"])
  func hugeLearningRate(optimizer: String) throws {
    let result = try CommandRunner.run([
      "train", "--optimizer", optimizer, "--learning-rate", "100", "--epochs", "3", "--json",
    ])
    #expect(result.status == 1)
    #expect(result.standardError.contains("training diverged"))
    #expect(result.standardError.contains("smaller learning rate"))
    #expect(!result.standardOutput.lowercased().contains("nan"))
  }

  @Test("a one-row test split prints R² as n/a and a note suggesting another --test-fraction")
  func undefinedR2() throws {
    let path = try CommandRunner.temporaryFile(
      named: "tiny.csv", contents: "x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n5,9.8\n6,12.1\n")
    let result = try CommandRunner.run(["train", "--data", path, "--epochs", "2"])
    #expect(result.status == 0, "\(result.standardError)")
    let out = result.standardOutput
    #expect(out.contains("validation_r2 n/a"), "\(out)")
    #expect(out.contains(", R² n/a."), "\(out)")
    #expect(!out.contains("0.0000."))
    #expect(
      out.contains(
        "Note: the test split has 1 row, too few for steady test figures (R² needs at least 2 "
          + "rows); use a larger --test-fraction (now 0.2)"), "\(out)")
  }

  @Test("--optimizer adam trains with Adam's usual learning rate unless one is given")
  func adam() throws {
    let result = try CommandRunner.run([
      "train", "--data", "iris", "--optimizer", "adam", "--epochs", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains(#""learning_rate":0.001"#))
  }

  @Test("--target-loss stops early and the summary says why")
  func targetLossFlag() throws {
    let result = try CommandRunner.run([
      "train", "--data", "iris", "--target-loss", "0.3", "--epochs", "100", "--json",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains(#""stop_reason":"targetLossReached""#))
    let epochs = result.standardOutput.split(separator: "\n").count - 1
    #expect(epochs < 100)
  }

  @Test("--task regression is honoured for a target of class names")
  func regressionOnClasses() throws {
    let result = try CommandRunner.run([
      "train", "--data", "wine", "--task", "regression", "--epochs", "2", "--json",
    ])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains(#""task":"regression""#))
    #expect(result.standardOutput.contains(#""test_r2""#))
  }

  @Test("datasets --show reads a file with missing cells under --missing")
  func showMissing() throws {
    let path = try CommandRunner.temporaryFile(
      named: "gaps.csv", contents: "a,b,y\n1,,0\n2,3,1\n4,5,0\n")
    let refused = try CommandRunner.run(["datasets", "--show", path])
    #expect(refused.status == 1)
    let shown = try CommandRunner.run(["datasets", "--show", path, "--missing", "mean"])
    #expect(shown.status == 0, "\(shown.standardError)")
    #expect(shown.standardOutput.contains(try Regex("b +2 +1 +4")))
  }

  @Test("descent datasets --show prints the first rows and a summary of each column")
  func show() throws {
    let result = try CommandRunner.run(["datasets", "--show", "iris", "--rows", "3"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("setosa"))
    #expect(result.standardOutput.contains("… 147 more rows"))
    #expect(result.standardOutput.contains(try Regex("sepal_length +150 +0 +5.843")))
  }

  @Test("descent datasets lists the five bundled datasets with their shapes")
  func datasets() throws {
    let result = try CommandRunner.run(["datasets"])
    #expect(result.status == 0)
    for row in [
      "iris  150", "digits  1797", "diabetes  442", "breast_cancer  569", "wine  178",
    ] {
      let pattern = row.replacing("  ", with: " +")
      #expect(result.standardOutput.contains(try Regex(pattern)), "missing \(row)")
    }
    #expect(result.standardOutput.contains(try Regex("diabetes +64 +relu +50 +0.005 +0.1")))
  }
}
