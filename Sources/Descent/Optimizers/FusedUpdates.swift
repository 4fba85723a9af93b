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
            let run = { (maxV: UnsafeMutablePointer<T>?) in
              forEachPart(count: count) { range in
                kernel(
                  range.lowerBound, range.upperBound, p.baseAddress, g.baseAddress, m.baseAddress,
                  v.baseAddress, maxV, step)
              }
            }
            if maxV == nil {
              run(nil)
            } else {
              maxV!.withUnsafeMutableElements(as: T.self) { run($0.baseAddress) }
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
        let run = { (b: UnsafeMutablePointer<T>?) in
          forEachPart(count: count) { range in
            kernel(range.lowerBound, range.upperBound, p.baseAddress, g.baseAddress, b, step)
          }
        }
        if buffer == nil {
          run(nil)
        } else {
          buffer!.withUnsafeMutableElements(as: T.self) { run($0.baseAddress) }
        }
      }
    }
  }
}
