import CDescentKernels
import Foundation

/// The optimizers' element-wise updates, in place (the loops are C, in CDescentKernels'
/// optimizers.c, vectorized for the CPU at hand): one pass over each parameter reads its
/// gradient and rewrites the parameter and its state (moments, momentum buffer) where they are
/// stored, allocating nothing after the first step. State is taken out of the optimizer while
/// it is updated, so its elements are referenced once and written where they are; storage that
/// is shared (a checkpoint's copy of the state, a graph still holding the parameter) is copied
/// first, as copy on write requires. Loops over large parameters are split across threads by
/// ``forEachPart(count:minimumPerPart:threads:_:)``; each element is computed alone, so the
/// result is the same for every thread count. The formulas, and the order of every operation
/// in them, are those of the tensor-op versions they replace, so results are unchanged bit for
/// bit. State kept in another dtype (from a checkpoint) is converted to the parameter's.

/// Adam's or AdamW's step on one parameter, in place (see ``Adam`` for the formula): with L2
/// weight decay λ (`l2Decay`) the gradient is ∇ + λ·p; with decoupled decay d
/// (`decoupledDecay`) the parameter is first scaled by 1 − d. `state` nil starts the moments
/// at zero.
func adamStep(
  _ parameter: inout Tensor, gradient: Tensor, state: inout AdamState?, amsgrad: Bool,
  beta1: Double, beta2: Double, epsilon: Double, learningRate: Double, l2Decay: Double,
  decoupledDecay: Double
) {
  let (count, dtype, shape) = (parameter.count, parameter.dtype, parameter.shape)
  let first = state == nil
  var taken =
    state
    ?? AdamState(
      step: 0,
      firstMoment: Tensor(storage: .repeating(0, count: count, dtype: dtype), shape: shape),
      secondMoment: Tensor(storage: .repeating(0, count: count, dtype: dtype), shape: shape))
  state = nil
  taken.step += 1
  var m = taken.firstMoment.storage.take().converted(to: dtype)
  var v = taken.secondMoment.storage.take().converted(to: dtype)
  var maxV: TensorStorage? =
    !amsgrad
    ? nil
    : first
      ? .repeating(0, count: count, dtype: dtype)
      : taken.maxSecondMoment?.storage.take().converted(to: dtype)
  taken.maxSecondMoment = nil
  precondition(
    m.count == count && v.count == count && (maxV?.count ?? count) == count,
    "Adam: the state of a parameter of \(count) elements has another size")
  let t = Double(taken.step)
  var step = DescentAdamStep(
    beta1: beta1, beta2: beta2, epsilon: epsilon,
    bias_correction2_root: (1 - pow(beta2, t)).squareRoot(),
    step_size: learningRate / (1 - pow(beta1, t)), l2_decay: l2Decay,
    keep: decoupledDecay == 0 ? 1 : 1 - decoupledDecay, first: first ? 1 : 0)
  let g = gradient.storage.converted(to: dtype)
  switch dtype {
  case .float32:
    adamKernel(Float.self, &parameter.storage, g, &m, &v, &maxV, &step, descent_adam_f32)
  case .float64:
    adamKernel(Double.self, &parameter.storage, g, &m, &v, &maxV, &step, descent_adam_f64)
  }
  taken.firstMoment = Tensor(storage: m, shape: shape)
  taken.secondMoment = Tensor(storage: v, shape: shape)
  // AMSGrad turned on after some steps: the running maximum starts at this step's v.
  if amsgrad { taken.maxSecondMoment = Tensor(storage: maxV ?? v, shape: shape) }
  state = taken
}

/// SGD's step on one parameter, in place (see ``SGD`` for the formula): with momentum μ > 0
/// the buffer is updated (created from the gradient when `buffer` is nil) and the step taken
/// along it; with μ = 0, along the gradient. With L2 weight decay λ (`l2Decay`) the gradient is
/// ∇ + λ·p.
func sgdStep(
  _ parameter: inout Tensor, gradient: Tensor, buffer: inout Tensor?, momentum: Double,
  dampening: Double, nesterov: Bool, learningRate: Double, l2Decay: Double
) {
  let (count, dtype, shape) = (parameter.count, parameter.dtype, parameter.shape)
  var step = DescentMomentumStep(
    momentum: momentum, dampening: dampening, learning_rate: learningRate, l2_decay: l2Decay,
    nesterov: nesterov ? 1 : 0, first: buffer == nil ? 1 : 0)
  let g = gradient.storage.converted(to: dtype)
  guard momentum != 0 else {
    var none: TensorStorage? = nil
    switch dtype {
    case .float32: sgdKernel(Float.self, &parameter.storage, g, &none, &step, descent_sgd_f32)
    case .float64: sgdKernel(Double.self, &parameter.storage, g, &none, &step, descent_sgd_f64)
    }
    return
  }
  var b: TensorStorage? =
    buffer?.storage.take().converted(to: dtype) ?? .repeating(0, count: count, dtype: dtype)
  buffer = nil
  precondition(
    b?.count == count,
    "SGD: the momentum buffer of a parameter of \(count) elements has another size")
  switch dtype {
  case .float32: sgdKernel(Float.self, &parameter.storage, g, &b, &step, descent_sgd_f32)
  case .float64: sgdKernel(Double.self, &parameter.storage, g, &b, &step, descent_sgd_f64)
  }
  buffer = Tensor(storage: b!, shape: shape)
}

/// RMSProp's step on one parameter, in place (see ``RMSProp`` for the formula): the running
/// mean square, the running mean (when `centered`) and the momentum buffer (when
/// `momentum > 0`) are updated, each started from its first term when absent from `state`.
/// With L2 weight decay λ (`l2Decay`) the gradient is ∇ + λ·p.
func rmspropStep(
  _ parameter: inout Tensor, gradient: Tensor, state: inout RMSPropState?, alpha: Double,
  epsilon: Double, momentum: Double, centered: Bool, learningRate: Double, l2Decay: Double
) {
  let (count, dtype, shape) = (parameter.count, parameter.dtype, parameter.shape)
  var taken = state
  state = nil
  let zeros = { TensorStorage.repeating(0, count: count, dtype: dtype) }
  var square = taken?.meanSquare.storage.take().converted(to: dtype)
  var mean = centered ? taken?.mean?.storage.take().converted(to: dtype) : nil
  var buffer = momentum != 0 ? taken?.momentumBuffer?.storage.take().converted(to: dtype) : nil
  taken = nil
  var step = DescentRMSPropStep(
    alpha: alpha, epsilon: epsilon, momentum: momentum, learning_rate: learningRate,
    l2_decay: l2Decay, first_square: square == nil ? 1 : 0,
    first_mean: centered && mean == nil ? 1 : 0,
    first_buffer: momentum != 0 && buffer == nil ? 1 : 0)
  var s = square ?? zeros()
  square = nil
  var m = centered ? (mean ?? zeros()) : nil
  mean = nil
  var b = momentum != 0 ? (buffer ?? zeros()) : nil
  buffer = nil
  precondition(
    s.count == count && (m?.count ?? count) == count && (b?.count ?? count) == count,
    "RMSProp: the state of a parameter of \(count) elements has another size")
  let g = gradient.storage.converted(to: dtype)
  switch dtype {
  case .float32:
    rmspropKernel(Float.self, &parameter.storage, g, &s, &m, &b, &step, descent_rmsprop_f32)
  case .float64:
    rmspropKernel(Double.self, &parameter.storage, g, &s, &m, &b, &step, descent_rmsprop_f64)
  }
  state = RMSPropState(
    meanSquare: Tensor(storage: s, shape: shape), mean: m.map { Tensor(storage: $0, shape: shape) },
    momentumBuffer: b.map { Tensor(storage: $0, shape: shape) })
}

/// Adagrad's step on one parameter, in place (see ``Adagrad`` for the formula): the sum of
/// squares starts at `initialAccumulatorValue` when `state` is nil; the step's rate is
/// η / (1 + (t − 1)·δ). With L2 weight decay λ (`l2Decay`) the gradient is ∇ + λ·p.
func adagradStep(
  _ parameter: inout Tensor, gradient: Tensor, state: inout AdagradState?,
  initialAccumulatorValue: Double, epsilon: Double, learningRate: Double,
  learningRateDecay: Double, l2Decay: Double
) {
  let (count, dtype, shape) = (parameter.count, parameter.dtype, parameter.shape)
  let stepNumber = (state?.step ?? 0) + 1
  // 0 + s₀ is s₀ exactly (s₀ ≥ 0), so the sum starts as the tensor-op version did.
  var sum =
    state?.sumOfSquares.storage.take().converted(to: dtype)
    ?? .repeating(initialAccumulatorValue, count: count, dtype: dtype)
  state = nil
  precondition(
    sum.count == count, "Adagrad: the state of a parameter of \(count) elements has another size")
  var step = DescentAdagradStep(
    epsilon: epsilon,
    learning_rate: learningRate / (1 + Double(stepNumber - 1) * learningRateDecay),
    l2_decay: l2Decay)
  let g = gradient.storage.converted(to: dtype)
  switch dtype {
  case .float32:
    adagradKernel(Float.self, &parameter.storage, g, &sum, &step, descent_adagrad_f32)
  case .float64:
    adagradKernel(Double.self, &parameter.storage, g, &sum, &step, descent_adagrad_f64)
  }
  state = AdagradState(step: stepNumber, sumOfSquares: Tensor(storage: sum, shape: shape))
}

/// Runs Adam's C kernel `kernel` (for element type `T`) over the parameter, split across
/// threads when it is large; `m`, `v` and `maxV` (AMSGrad's running maximum, or nil) are
/// rewritten in place.
private func adamKernel<T: TensorScalar>(
  _: T.Type, _ parameter: inout TensorStorage, _ gradient: TensorStorage,
  _ m: inout TensorStorage, _ v: inout TensorStorage, _ maxV: inout TensorStorage?,
  _ step: inout DescentAdamStep,
  _ kernel:
    @escaping (
      Int, Int, UnsafeMutablePointer<T>?, UnsafePointer<T>?, UnsafeMutablePointer<T>?,
      UnsafeMutablePointer<T>?, UnsafeMutablePointer<T>?, UnsafePointer<DescentAdamStep>?
    ) -> Void
) {
  let count = parameter.count
  if count == 0 { return }
  withUnsafePointer(to: &step) { step in
    parameter.withUnsafeMutableElements(as: T.self) { p in
      gradient.withUnsafeElements(as: T.self) { g in
        m.withUnsafeMutableElements(as: T.self) { m in
          v.withUnsafeMutableElements(as: T.self) { v in
            withOptionalElements(&maxV, as: T.self) { maxV in
              forEachPart(count: count) { range in
                kernel(
                  range.lowerBound, range.upperBound, p.baseAddress, g.baseAddress, m.baseAddress,
                  v.baseAddress, maxV, step)
              }
            }
          }
        }
      }
    }
  }
}

/// Runs SGD's C kernel `kernel` (for element type `T`) over the parameter, split across
/// threads when it is large: along the gradient when `buffer` is nil, else along the momentum
/// buffer, which it rewrites in place.
private func sgdKernel<T: TensorScalar>(
  _: T.Type, _ parameter: inout TensorStorage, _ gradient: TensorStorage,
  _ buffer: inout TensorStorage?, _ step: inout DescentMomentumStep,
  _ kernel:
    @escaping (
      Int, Int, UnsafeMutablePointer<T>?, UnsafePointer<T>?, UnsafeMutablePointer<T>?,
      UnsafePointer<DescentMomentumStep>?
    ) -> Void
) {
  let count = parameter.count
  if count == 0 { return }
  withUnsafePointer(to: &step) { step in
    parameter.withUnsafeMutableElements(as: T.self) { p in
      gradient.withUnsafeElements(as: T.self) { g in
        withOptionalElements(&buffer, as: T.self) { b in
          forEachPart(count: count) { range in
            kernel(range.lowerBound, range.upperBound, p.baseAddress, g.baseAddress, b, step)
          }
        }
      }
    }
  }
}

/// Runs RMSProp's C kernel `kernel` (for element type `T`) over the parameter, split across
/// threads when it is large; the mean square, and the mean and buffer when present, are
/// rewritten in place.
private func rmspropKernel<T: TensorScalar>(
  _: T.Type, _ parameter: inout TensorStorage, _ gradient: TensorStorage,
  _ square: inout TensorStorage, _ mean: inout TensorStorage?, _ buffer: inout TensorStorage?,
  _ step: inout DescentRMSPropStep,
  _ kernel:
    @escaping (
      Int, Int, UnsafeMutablePointer<T>?, UnsafePointer<T>?, UnsafeMutablePointer<T>?,
      UnsafeMutablePointer<T>?, UnsafeMutablePointer<T>?, UnsafePointer<DescentRMSPropStep>?
    ) -> Void
) {
  let count = parameter.count
  if count == 0 { return }
  withUnsafePointer(to: &step) { step in
    parameter.withUnsafeMutableElements(as: T.self) { p in
      gradient.withUnsafeElements(as: T.self) { g in
        square.withUnsafeMutableElements(as: T.self) { s in
          withOptionalElements(&mean, as: T.self) { m in
            withOptionalElements(&buffer, as: T.self) { b in
              forEachPart(count: count) { range in
                kernel(
                  range.lowerBound, range.upperBound, p.baseAddress, g.baseAddress,
                  s.baseAddress, m, b, step)
              }
            }
          }
        }
      }
    }
  }
}

/// Runs Adagrad's C kernel `kernel` (for element type `T`) over the parameter, split across
/// threads when it is large; the sum of squares is rewritten in place.
private func adagradKernel<T: TensorScalar>(
  _: T.Type, _ parameter: inout TensorStorage, _ gradient: TensorStorage,
  _ sum: inout TensorStorage, _ step: inout DescentAdagradStep,
  _ kernel:
    @escaping (
      Int, Int, UnsafeMutablePointer<T>?, UnsafePointer<T>?, UnsafeMutablePointer<T>?,
      UnsafePointer<DescentAdagradStep>?
    ) -> Void
) {
  let count = parameter.count
  if count == 0 { return }
  withUnsafePointer(to: &step) { step in
    parameter.withUnsafeMutableElements(as: T.self) { p in
      gradient.withUnsafeElements(as: T.self) { g in
        sum.withUnsafeMutableElements(as: T.self) { s in
          forEachPart(count: count) { range in
            kernel(
              range.lowerBound, range.upperBound, p.baseAddress, g.baseAddress, s.baseAddress, step)
          }
        }
      }
    }
  }
}

/// Calls `body` with the elements of `storage` for writing in place, or with nil when there is
/// no storage.
private func withOptionalElements<T: TensorScalar, R>(
  _ storage: inout TensorStorage?, as type: T.Type, _ body: (UnsafeMutablePointer<T>?) -> R
) -> R {
  guard storage != nil else { return body(nil) }
  return storage!.withUnsafeMutableElements(as: T.self) { body($0.baseAddress) }
}
