import Foundation

/// The small, classic datasets shipped inside the library as CSV files (in the target's
/// `Resources/Datasets` folder, exported from scikit-learn 1.9's copies), each with a header
/// row, numeric columns and the target last.
///
/// | dataset | rows × features | target | task |
/// | --- | --- | --- | --- |
/// | `iris` | 150 × 4 | `species` | classification, 3 classes |
/// | `digits` | 1797 × 64 (8×8 pixels, 0–16) | `digit` | classification, 10 classes |
/// | `diabetes` | 442 × 10 (unscaled) | `progression` | regression |
/// | `breastCancer` | 569 × 30 | `benign` (1 benign, 0 malignant) | classification, 2 classes |
/// | `wine` | 178 × 13 | `cultivar` | classification, 3 classes |
///
///     let digits = try BundledDataset.digits.load()  // 1797 rows, 64 features
public enum BundledDataset: String, CaseIterable, Sendable {
  /// Fisher's iris flowers: 4 measurements in cm, 3 species.
  case iris
  /// 8×8 images of handwritten digits, pixel values 0–16, row-major.
  case digits
  /// Disease progression one year after baseline, from 10 unscaled baseline variables.
  case diabetes
  /// Wisconsin diagnostic breast cancer: 30 features of cell nuclei, benign or malignant.
  case breastCancer = "breast_cancer"
  /// Chemical analysis of wines from 3 cultivars: 13 features.
  case wine

  /// The file stem, such as `"breast_cancer"`: the resource is `Datasets/<name>.csv`.
  public var name: String { rawValue }

  /// The name of the target column (the file's last column).
  public var targetName: String {
    switch self {
    case .iris: return "species"
    case .digits: return "digit"
    case .diabetes: return "progression"
    case .breastCancer: return "benign"
    case .wine: return "cultivar"
    }
  }

  /// The learning task the target column poses.
  public var task: TaskKind {
    switch self {
    case .iris: return .classification(classCount: 3)
    case .digits: return .classification(classCount: 10)
    case .diabetes: return .regression
    case .breastCancer: return .classification(classCount: 2)
    case .wine: return .classification(classCount: 3)
    }
  }

  /// The names of the classes, indexed by the target's values, or `nil` for regression or for
  /// classes without names (the digits are their own names).
  ///
  /// iris `["setosa", "versicolor", "virginica"]`; breast cancer `["malignant", "benign"]`
  /// (0 malignant, 1 benign); wine `["class_0", "class_1", "class_2"]`, as scikit-learn names
  /// them.
  public var classNames: [String]? {
    switch self {
    case .iris: return ["setosa", "versicolor", "virginica"]
    case .digits, .diabetes: return nil
    case .breastCancer: return ["malignant", "benign"]
    case .wine: return ["class_0", "class_1", "class_2"]
    }
  }

  /// Where the data come from, with its licence where one applies.
  public var source: String {
    switch self {
    case .iris:
      return "R. A. Fisher (1936); UCI Machine Learning Repository, Iris, CC BY 4.0"
    case .digits:
      return "UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, 1998),"
        + " CC BY 4.0"
    case .diabetes:
      return "B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, \"Least Angle Regression\","
        + " Annals of Statistics 32(2), 2004"
    case .breastCancer:
      return "UCI Breast Cancer Wisconsin (Diagnostic), W. Wolberg, W. Street,"
        + " O. Mangasarian (1995), CC BY 4.0"
    case .wine:
      return "UCI Wine (M. Forina et al., 1991), CC BY 4.0"
    }
  }

  /// The bundled dataset called `name`, ignoring case and accepting `-` for `_`
  /// (`"breast-cancer"`, `"Breast_Cancer"`), or `nil` if there is none.
  public static func named(_ name: String) -> BundledDataset? {
    let key = name.lowercased().replacingOccurrences(of: "-", with: "_")
    return BundledDataset(rawValue: key)
  }

  /// Reads the dataset from the library's resource bundle.
  /// - Parameter target: the target column's name; `nil` (the default) takes the last column,
  ///   `targetName`.
  /// - Returns: the dataset, named `name`.
  /// - Throws: the errors of `load(options:)`.
  public func load(target: String? = nil) throws(DataError) -> Dataset {
    try load(options: CSVOptions(target: target))
  }

  /// Reads the dataset from the library's resource bundle with the given options (all its
  /// columns are numbers, with no missing cells). The dataset gets `classNames` when its target
  /// is `targetName`.
  /// - Parameter options: as for `Dataset.load(csv:source:options:)`.
  /// - Returns: the dataset, named `name`.
  /// - Throws: `DataError.fileNotFound` if the resource is missing from the bundle (a broken
  ///   build); `.unknownTargetColumn`, `.unknownColumn` or `.conflictingColumnOptions` for
  ///   options that do not fit the header.
  public func load(options: CSVOptions) throws(DataError) -> Dataset {
    var dataset = try Dataset.load(contentsOfFile: csvPath(), options: options)
    if dataset.targetName == targetName, dataset.classNames == nil {
      dataset.classNames = classNames
    }
    return dataset
  }

  /// The path of the dataset's CSV file in the library's resource bundle.
  /// - Throws: `DataError.fileNotFound` if the resource is missing from the bundle (a broken
  ///   build).
  func csvPath() throws(DataError) -> String {
    guard
      let url = Bundle.module.url(
        forResource: name, withExtension: "csv", subdirectory: "Datasets")
    else {
      throw .fileNotFound(path: "Datasets/\(name).csv in the Descent resource bundle")
    }
    return url.path
  }

  /// The CSV file a `--data` option names (see `resolve(_:options:)`): a bundled dataset's
  /// file, or `nameOrPath` itself when it is read as a path.
  /// - Throws: `DataError.unknownDataset` when `nameOrPath` is neither a bundled name nor, by
  ///   the look of it, a path; `.fileNotFound` for a bundle without the file.
  static func csvPath(for nameOrPath: String) throws(DataError) -> String {
    if let bundled = named(nameOrPath) { return try bundled.csvPath() }
    let looksLikePath = nameOrPath.contains("/") || nameOrPath.lowercased().hasSuffix(".csv")
    if looksLikePath || FileManager.default.fileExists(atPath: nameOrPath) { return nameOrPath }
    throw .unknownDataset(name: nameOrPath, available: allCases.map(\.name))
  }

  /// Loads the dataset a `--data` option names: a bundled dataset's name (see `named(_:)`) or
  /// the path of a CSV file.
  ///
  /// A bundled name wins; otherwise `nameOrPath` is read as a file if it contains `/`, ends
  /// with `.csv` (any case) or names an existing file.
  /// - Parameters:
  ///   - nameOrPath: such as `"iris"`, `"breast-cancer"` or `"data/houses.csv"`.
  ///   - target: the target column's name; `nil` takes the last column.
  /// - Throws: the errors of `resolve(_:options:)`.
  public static func resolve(_ nameOrPath: String, target: String?) throws(DataError)
    -> Dataset
  {
    try resolve(nameOrPath, options: CSVOptions(target: target))
  }

  /// Loads the dataset a `--data` option names, with the given options; see
  /// `resolve(_:target:)` for how `nameOrPath` is read.
  /// - Parameters:
  ///   - nameOrPath: such as `"iris"`, `"breast-cancer"` or `"data/houses.csv"`.
  ///   - options: as for `Dataset.load(csv:source:options:)`.
  /// - Throws: `DataError.unknownDataset` (listing the bundled names) when `nameOrPath` is
  ///   neither; any error of `load(options:)` or `Dataset.load(contentsOfFile:options:)`.
  public static func resolve(_ nameOrPath: String, options: CSVOptions) throws(DataError)
    -> Dataset
  {
    if let bundled = named(nameOrPath) {
      return try bundled.load(options: options)
    }
    return try Dataset.load(contentsOfFile: csvPath(for: nameOrPath), options: options)
  }
}
