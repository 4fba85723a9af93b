import Foundation
import Testing

@testable import Descent

@Suite("descent train --save/--resume and descent predict")
struct CheckpointCommandTests {
  /// The parameters of the model file at `path`, bit patterns by name.
  static func parameterBits(_ path: String) throws -> [String: [UInt32]] {
    let file = try SafeTensors(contentsOfFile: path)
    var result: [String: [UInt32]] = [:]
    for name in file.names { result[name] = try file.tensor(name).floats.map(\.bitPattern) }
    return result
  }

  @Test("4 epochs saved, then resumed to 9, end bit-identical to 9 epochs in one go")
  func resumeIsExact() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let whole = folder.appendingPathComponent("whole.safetensors").path
    let part = folder.appendingPathComponent("part.safetensors").path
    let common = ["train", "--data", "iris", "--optimizer", "adam", "--json"]
    let one = try CommandRunner.run(common + ["--epochs", "9", "--save", whole])
    #expect(one.status == 0, "\(one.standardError)")
    let first = try CommandRunner.run(common + ["--epochs", "4", "--save", part])
    #expect(first.status == 0, "\(first.standardError)")
    let resumed = try CommandRunner.run(["train", "--resume", part, "--epochs", "9", "--json"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    // The resumed run prints epochs 5 to 9 only.
    #expect(resumed.standardOutput.hasPrefix(#"{"epoch":5,"#))
    #expect(try Self.parameterBits(part) == Self.parameterBits(whole))
    // The summaries agree on the test figures.
    let lastLine = { (text: String) in text.split(separator: "\n").last.map(String.init) ?? "" }
    let accuracy = { (line: String) in
      line.split(separator: ",").first { $0.hasPrefix(#""test_accuracy""#) }
    }
    #expect(accuracy(lastLine(one.standardOutput)) == accuracy(lastLine(resumed.standardOutput)))
    // The old state file was replaced, not left behind.
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(files.filter { $0.hasPrefix("part.training-") }.count == 1)
  }

  @Test("a resumed run's text names the epochs it runs, 4–6 of 6, not a count of 3")
  func resumedEpochNumbers() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("m.safetensors").path
    let first = try CommandRunner.run([
      "train", "--data", "iris", "--epochs", "3", "--save", path, "--quiet",
    ])
    #expect(first.status == 0, "\(first.standardError)")
    let resumed = try CommandRunner.run(["train", "--resume", path, "--epochs", "6"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    let out = resumed.standardOutput
    #expect(out.contains("Resuming \(path) after epoch 3: epochs 4–6 of 6."), "\(out)")
    #expect(out.contains("on iris for epochs 4–6 in "), "\(out)")
    #expect(!out.contains("for 3 epochs"))

    // Early stopping counts the epochs waited from the run's epoch numbers too.
    let stopping = folder.appendingPathComponent("s.safetensors").path
    #expect(
      try CommandRunner.run([
        "train", "--data", "iris", "--epochs", "3", "--early-stopping", "2", "--save", stopping,
        "--quiet",
      ]).status == 0)
    let stopped = try CommandRunner.run(["train", "--resume", stopping, "--epochs", "100"])
    #expect(stopped.status == 0, "\(stopped.standardError)")
    let line = try #require(
      stopped.standardOutput.split(separator: "\n").first { $0.hasPrefix("Early stopping") })
    #expect(line.contains("for 2 epochs;"), "\(line)")
  }

  @Test("--resume refuses contradicting options, a finished run, and a plain model file")
  func resumeRefusals() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("m.safetensors").path
    #expect(
      try CommandRunner.run(["train", "--data", "iris", "--epochs", "2", "--save", path]).status
        == 0)
    let contradict = try CommandRunner.run([
      "train", "--resume", path, "--epochs", "4", "--data", "wine", "--hidden", "8",
    ])
    #expect(contradict.status == 1)
    #expect(contradict.standardError.contains("--data wine (the checkpoint's is iris)"))
    #expect(contradict.standardError.contains("--hidden [8] (the checkpoint's is [16])"))
    let done = try CommandRunner.run(["train", "--resume", path, "--epochs", "2"])
    #expect(done.status == 1)
    #expect(
      done.standardError.contains(
        "\(path) has already completed 2 epochs; --epochs 2 asks for no more; give --epochs "
          + "above 2 to train on"), "\(done.standardError)")
    let fewer = try CommandRunner.run(["train", "--resume", path, "--epochs", "1"])
    #expect(fewer.status == 1)
    #expect(
      fewer.standardError.contains(
        "\(path) has already completed 2 epochs; --epochs 1 asks for fewer; give --epochs "
          + "above 2 to train on"), "\(fewer.standardError)")
    let every = try CommandRunner.run(["train", "--checkpoint-every", "2"])
    #expect(every.standardError.contains("--checkpoint-every needs --save"))
    let plain = folder.appendingPathComponent("plain.safetensors").path
    var file = SafeTensors()
    try file.add("w", Tensor([1]))
    try file.write(toFile: plain)
    let foreign = try CommandRunner.run(["train", "--resume", plain])
    #expect(foreign.status == 1)
    #expect(foreign.standardError.contains("has no \"descent\" metadata"))
  }

  @Test(
    "a file that is not safetensors, given as the model or to --resume, is named as such",
    arguments: [
      "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,0\n",
      "{\"not\": \"a model\"}", "abc", "",
    ])
  func notAModelFile(contents: String) throws {
    let path = try CommandRunner.temporaryFile(named: "some.csv", contents: contents)
    let expected =
      "Error: \(path) is not a Descent/safetensors model file (write one with `descent train "
      + "--save FILE`)\n"
    let predict = try CommandRunner.run(["predict", "--model", path, "--data", "iris"])
    #expect(predict.status == 1)
    #expect(predict.standardError == expected)
    let resume = try CommandRunner.run(["train", "--resume", path])
    #expect(resume.status == 1)
    #expect(resume.standardError == expected)
  }

  /// Trains iris for 2 epochs into `folder`/m.safetensors: the model's path and its
  /// training-state file's.
  private func savedIrisModel(in folder: URL) throws -> (model: String, state: String) {
    let path = folder.appendingPathComponent("m.safetensors").path
    let saved = try CommandRunner.run([
      "train", "--data", "iris", "--epochs", "2", "--save", path, "--quiet",
    ])
    #expect(saved.status == 0, "\(saved.standardError)")
    let state = try #require(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).first {
        $0.hasPrefix("m.training-")
      })
    return (path, folder.appendingPathComponent(state).path)
  }

  @Test("--resume without the state file beside the model says what is missing and why")
  func missingStateFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, statePath) = try savedIrisModel(in: folder)
    try FileManager.default.removeItem(atPath: statePath)
    let resumed = try CommandRunner.run(["train", "--resume", path, "--epochs", "4", "--quiet"])
    #expect(resumed.status == 1)
    #expect(
      resumed.standardError
        == "Error: \(statePath): no such file — the training state (optimizer state and "
        + "progress) that --resume needs is kept beside the model; `descent predict` can still "
        + "use the model\n")
    // The model alone still predicts.
    #expect(try CommandRunner.run(["predict", "--model", path, "--data", "iris"]).status == 0)
  }

  @Test("predict given the training-state file, a folder or a missing cell says what to give")
  func predictMisuse() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, statePath) = try savedIrisModel(in: folder)
    let withState = try CommandRunner.run(["predict", "--model", statePath, "--data", "iris"])
    #expect(withState.status == 1)
    #expect(withState.standardError.contains("is the training state that --resume reads"))
    #expect(withState.standardError.contains("give the model file saved with it"))

    let withFolder = try CommandRunner.run(["predict", "--model", folder.path, "--data", "iris"])
    #expect(withFolder.status == 1)
    #expect(withFolder.standardError.contains("it is a directory, not a file"))
    #expect(!withFolder.standardError.contains("NSCocoaErrorDomain"))

    let csv = try CommandRunner.temporaryFile(
      named: "flowers.csv",
      contents: "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,,0.2\n")
    let missing = try CommandRunner.run(["predict", "--model", path, "--data", csv])
    #expect(missing.status == 1)
    #expect(
      missing.standardError.contains("line 2, column \"petal_length\" (3): the cell is missing"))
    #expect(missing.standardError.contains("fill it in"))
    #expect(!missing.standardError.contains("choose --missing"))
  }

  @Test("predict writes labels and class probabilities, and scores a file with the target")
  func predict() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = folder.appendingPathComponent("m.safetensors").path
    #expect(try CommandRunner.run(["train", "--data", "iris", "--save", model]).status == 0)
    // Columns in another order, an extra one, no target.
    let input = folder.appendingPathComponent("new.csv").path
    try """
    id,petal_width,petal_length,sepal_width,sepal_length
    a,0.2,1.4,3.5,5.1
    b,2.3,5.2,3.0,6.7
    """.write(toFile: input, atomically: true, encoding: .utf8)
    let output = folder.appendingPathComponent("out.csv").path
    let result = try CommandRunner.run([
      "predict", "--model", model, "--data", input, "--output", output,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    #expect(lines[0] == "row,prediction,p_setosa,p_versicolor,p_virginica")
    #expect(lines[1].hasPrefix("1,setosa,") && lines[2].hasPrefix("2,virginica,"))
    let probabilities = lines[1].split(separator: ",").dropFirst(2).map { Double($0)! }
    #expect(abs(probabilities.reduce(0, +) - 1) < 1e-6)

    // The bundled iris rows with their target: the figures are reported.
    let labelled = folder.appendingPathComponent("labelled.csv").path
    try
      "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n6.7,3.0,5.2,2.3,virginica\n"
      .write(toFile: labelled, atomically: true, encoding: .utf8)
    let scored = try CommandRunner.run(["predict", "--model", model, "--data", labelled, "--json"])
    #expect(scored.status == 0, "\(scored.standardError)")
    #expect(scored.standardOutput.contains(#"{"summary":true,"rows":2,"accuracy":1.0}"#))

    // A bundled dataset's name, as train takes it: all 150 iris rows, scored.
    let bundled = try CommandRunner.run(["predict", "--model", model, "--data", "iris", "--json"])
    #expect(bundled.status == 0, "\(bundled.standardError)")
    #expect(bundled.standardOutput.contains(#"{"summary":true,"rows":150,"accuracy":"#))
  }

  @Test("predict keeps going on a category the model never saw, with a note naming it")
  func predictUnseenCategory() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("shop.csv").path
    let rows = (0..<30).map { i in
      let color = ["red", "green", "blue"][i % 3]
      return "\(i % 7),\(color),\(Double(i % 7) * 2 + Double(i % 3))"
    }
    try (["size,color,price"] + rows).joined(separator: "\n")
      .write(toFile: data, atomically: true, encoding: .utf8)
    let model = folder.appendingPathComponent("m.safetensors").path
    let trained = try CommandRunner.run([
      "train", "--data", data, "--epochs", "2", "--quiet", "--save", model,
    ])
    #expect(trained.status == 0, "\(trained.standardError)")
    let input = folder.appendingPathComponent("new.csv").path
    try "size,color\n1,red\n2,teal\n3,teal\n"
      .write(toFile: input, atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(["predict", "--model", model, "--data", input])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.split(separator: "\n").count == 4)
    #expect(
      result.standardError.contains(
        #"Note: column "color" has 1 value the model did not see in training: "teal" (2 rows); "#
          + "those 2 rows are encoded as no category"), "\(result.standardError)")
  }

  @Test(
    "predict names what is wrong with the input",
    arguments: [
      (
        "sepal_length,sepal_width,petal_length\n1,2,3\n",
        #"has no column "petal_width", which the model reads"#
      ),
      (
        "sepal_length,sepal_width,petal_length,petal_width\n1,2,x,4\n",
        #"line 2, column "petal_length""#
      ),
      ("sepal_length,sepal_width,petal_length,petal_width\n1,2,,4\n", "line 2"),
      (
        "sepal_length,sepal_width,petal_length,petal_width,species\n1,2,3,4,rose\n",
        #""rose" is not one of the model's classes"#
      ),
    ])
  func predictErrors(csv: String, message: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = folder.appendingPathComponent("m.safetensors").path
    #expect(
      try CommandRunner.run(["train", "--data", "iris", "--epochs", "1", "--save", model]).status
        == 0)
    let input = folder.appendingPathComponent("bad.csv").path
    try csv.write(toFile: input, atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(["predict", "--model", model, "--data", input])
    #expect(result.status == 1)
    #expect(result.standardError.contains(message), "\(result.standardError)")
  }

  @Test(
    "SIGKILL between writing a checkpoint's temporary file and renaming it keeps the previous one")
  func killedMidWrite() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("m.safetensors").path
    #expect(
      try CommandRunner.run(["train", "--data", "iris", "--epochs", "2", "--save", path]).status
        == 0)
    let before = try Self.parameterBits(path)

    let executable = try #require(CommandRunner.executable)
    let process = Process()
    process.executableURL = executable
    process.arguments = ["train", "--data", "iris", "--epochs", "3", "--seed", "5", "--save", path]
    var environment = ProcessInfo.processInfo.environment
    environment["DESCENT_PAUSE_BEFORE_RENAME"] = "30"
    process.environment = environment
    let error = Pipe()
    process.standardError = error
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Wait for the writer to say it has written the temporary file and paused.
    var said = Data()
    while !String(decoding: said, as: UTF8.self).contains("paused before rename") {
      let chunk = error.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      said += chunk
    }
    #expect(String(decoding: said, as: UTF8.self).contains("paused before rename"))
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    // The previous checkpoint is whole: it loads, resumes, and has its old parameters.
    #expect(try Self.parameterBits(path) == before)
    #expect(try Checkpoint.loadState(forCheckpointAt: path).completedEpochs == 2)
    let resumed = try CommandRunner.run(["train", "--resume", path, "--epochs", "3"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
  }
}
