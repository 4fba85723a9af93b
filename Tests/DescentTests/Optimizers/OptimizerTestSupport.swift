import Descent

/// A model whose one parameter `p` gets whatever gradient a test chooses: its output Σ c ⊙ p
/// has gradient c with respect to p whatever p is.
struct GradientProbe: Module {
  var p: Tensor

  init(_ values: [Double], dtype: DType = .float64) {
    p = Tensor(values, dtype: dtype)
    p.requiresGrad = true
  }

  func callAsFunction(_ input: Tensor) -> Tensor { (input * p).sum() }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "p", &p)
  }

  /// One step of `optimizer` after a backward pass that gives `p` the gradient `c`.
  mutating func step<O: Optimizer>(_ optimizer: inout O, gradient c: [Double]) {
    optimizer.zeroGrad(&self)
    self(Tensor(c, dtype: p.dtype)).backward()
    optimizer.step(&self)
  }
}
