/// A function of named variables written the usual mathematical way (named so as not to clash
/// with Foundation's `Expression`), such as
/// `x^2*y + 3*y` or `sin(x)*exp(-y)`: the language of `descent grad` and `descent descend`.
///
/// Parse one with ``init(parsing:)``; evaluate it on tensors with ``evaluate(at:)``, which
/// builds it from Descent's tensor ops so that autodiff applies:
///
///     let f = try MathExpression(parsing: "x^2*y + 3*y")
///     var x = Tensor(scalar: 1, dtype: .float64)
///     var y = Tensor(scalar: 2, dtype: .float64)
///     x.requiresGrad = true
///     y.requiresGrad = true
///     try f.evaluate(at: ["x": x, "y": y]).backward()   // x.grad 4, y.grad 4
///
/// ``description`` writes the expression back with the fewest parentheses that keep its
/// meaning (`-(x^2)` is written `-x^2`), so it can name a sub-expression in a message.
public indirect enum MathExpression: Sendable, Equatable {
  /// A number, such as `2.5` or `1e-3`.
  case number(Double)
  /// A named variable, such as `x`.
  case variable(String)
  /// `-a`.
  case negate(MathExpression)
  /// `a + b`.
  case add(MathExpression, MathExpression)
  /// `a - b`.
  case subtract(MathExpression, MathExpression)
  /// `a * b`.
  case multiply(MathExpression, MathExpression)
  /// `a / b`.
  case divide(MathExpression, MathExpression)
  /// `a ^ b`, aᵇ.
  case power(MathExpression, MathExpression)
  /// A named function of one argument, such as `sin(a)`.
  case function(MathFunction, MathExpression)
}

/// The functions a ``MathExpression`` can call, each on one argument, and the tensor op
/// behind it.
public enum MathFunction: String, Sendable, CaseIterable {
  /// sin x, x in radians.
  case sin
  /// cos x, x in radians.
  case cos
  /// tan x, x in radians.
  case tan
  /// eˣ.
  case exp
  /// The natural logarithm: −∞ at 0, NaN for negative numbers.
  case log
  /// √x: NaN for negative numbers; its derivative is +∞ at 0.
  case sqrt
  /// |x|, with derivative sign(x) and 0 at 0.
  case abs
  /// The hyperbolic tangent.
  case tanh
  /// The logistic function 1 / (1 + e^−x).
  case sigmoid
  /// max(x, 0), with derivative 0 at 0.
  case relu

  /// The tensor op computing this function elementwise.
  func apply(_ x: Tensor) -> Tensor {
    switch self {
    case .sin: x.sin()
    case .cos: x.cos()
    case .tan: x.tan()
    case .exp: x.exp()
    case .log: x.log()
    case .sqrt: x.sqrt()
    case .abs: x.abs()
    case .tanh: x.tanh()
    case .sigmoid: x.sigmoid()
    case .relu: x.relu()
    }
  }
}

extension MathExpression {
  /// The variables the expression uses, each once, in order of first appearance.
  public var variables: [String] {
    var names: [String] = []
    for case .variable(let name) in subexpressions where !names.contains(name) {
      names.append(name)
    }
    return names
  }

  /// Every sub-expression, the operands of each before it (post-order), ending with this
  /// expression: the order in which they are evaluated.
  public var subexpressions: [MathExpression] {
    var result: [MathExpression] = []
    func visit(_ e: MathExpression) {
      for operand in e.operands { visit(operand) }
      result.append(e)
    }
    visit(self)
    return result
  }

  /// The direct operands: none for a number or a variable, one or two otherwise.
  public var operands: [MathExpression] {
    switch self {
    case .number, .variable: []
    case .negate(let a), .function(_, let a): [a]
    case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
      .divide(let a, let b), .power(let a, let b):
      [a, b]
    }
  }

  /// Whether the expression uses no variable.
  public var isConstant: Bool { variables.isEmpty }

  /// The expression built from Descent's tensor ops, with each variable replaced by its
  /// tensor: numbers become scalar tensors of the variables' dtype (float64 when there are no
  /// variables), operators broadcast, and a function applies elementwise. Gradients flow to
  /// any variable tensor that requires them, so ``Tensor/backward(createGraph:)`` gives
  /// partial derivatives.
  ///
  /// A constant integer exponent 2 is computed with ``Tensor/square()`` (x·x, derivative 2x),
  /// which is the value `pow` gives, with a cheaper derivative.
  /// - Parameter values: a tensor for every variable; all of one dtype, shapes that broadcast.
  /// - Returns: the value, in the broadcast shape of the variables' tensors.
  /// - Throws: ``ExpressionError/undefinedVariable(_:defined:)`` for a variable with no value.
  public func evaluate(at values: [String: Tensor]) throws -> Tensor {
    if let undefined = variables.first(where: { values[$0] == nil }) {
      throw ExpressionError.undefinedVariable(undefined, defined: values.keys.sorted())
    }
    let dtype = values.values.first?.dtype ?? .float64
    return tensor(dtype: dtype) { values[$0] ?? Tensor(scalar: .nan, dtype: dtype) }
  }

  /// The expression as tensor ops, with `lookup` giving each variable's tensor; numbers
  /// become scalar tensors of `dtype`. Does not throw, so it fits the closures that
  /// `gradient(of:at:)` and its kin take.
  func tensor(dtype: DType, _ lookup: (String) -> Tensor) -> Tensor {
    switch self {
    case .number(let v): Tensor(scalar: v, dtype: dtype)
    case .variable(let name): lookup(name)
    case .negate(let a): -a.tensor(dtype: dtype, lookup)
    case .add(let a, let b): a.tensor(dtype: dtype, lookup) + b.tensor(dtype: dtype, lookup)
    case .subtract(let a, let b): a.tensor(dtype: dtype, lookup) - b.tensor(dtype: dtype, lookup)
    case .multiply(let a, let b): a.tensor(dtype: dtype, lookup) * b.tensor(dtype: dtype, lookup)
    case .divide(let a, let b): a.tensor(dtype: dtype, lookup) / b.tensor(dtype: dtype, lookup)
    case .power(let a, .number(2)): a.tensor(dtype: dtype, lookup).square()
    case .power(let a, .number(let n)): a.tensor(dtype: dtype, lookup).pow(n)
    case .power(let a, let b): a.tensor(dtype: dtype, lookup).pow(b.tensor(dtype: dtype, lookup))
    case .function(let f, let a): f.apply(a.tensor(dtype: dtype, lookup))
    }
  }
}

// MARK: - Writing expressions back

extension MathExpression: CustomStringConvertible {
  /// The expression in the syntax ``init(parsing:)`` reads, with spaces around `+` and `-`
  /// and parentheses only where precedence needs them: `x^2*y + 3*y`, `-x^2`, `(x + 1)^2`.
  public var description: String { text(context: 0) }

  /// Binding strength: 1 for + −, 2 for * /, 3 for unary minus, 4 for ^, 5 for atoms.
  private var precedence: Int {
    switch self {
    case .add, .subtract: 1
    case .multiply, .divide: 2
    case .negate: 3
    case .power: 4
    case .number(let v): v < 0 ? 3 : 5
    case .variable, .function: 5
    }
  }

  /// The text, parenthesized when it binds less tightly than `context` requires.
  private func text(context: Int) -> String {
    let body: String
    switch self {
    case .number(let v): body = MathExpression.format(v)
    case .variable(let name): body = name
    case .negate(let a): body = "-" + a.text(context: 3)
    case .add(let a, let b): body = a.text(context: 1) + " + " + b.text(context: 2)
    case .subtract(let a, let b): body = a.text(context: 1) + " - " + b.text(context: 2)
    case .multiply(let a, let b): body = a.text(context: 2) + "*" + b.text(context: 3)
    case .divide(let a, let b): body = a.text(context: 2) + "/" + b.text(context: 3)
    // Right-associative: the base must bind tighter than ^, the exponent may be a power or a
    // negation (2^-1 reads as 2^(-1)).
    case .power(let a, let b): body = a.text(context: 5) + "^" + b.text(context: 3)
    case .function(let f, let a): body = f.rawValue + "(" + a.text(context: 0) + ")"
    }
    return precedence < context ? "(" + body + ")" : body
  }

  /// A number the way the parser reads it back: `3`, `2.5`, `0.001`, `1e+20`.
  static func format(_ v: Double) -> String {
    if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
  }
}
