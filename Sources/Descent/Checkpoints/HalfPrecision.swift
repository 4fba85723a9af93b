/// Widens an IEEE 754 binary16 bit pattern to `Float` exactly (subnormals, infinities and NaN
/// included).
///
/// Source: IEEE 754-2008, section 3.6 (binary16: 1 sign, 5 exponent, 10 fraction bits, bias 15).
func floatFromHalfBits(_ bits: UInt16) -> Float {
  let sign: Float = bits & 0x8000 != 0 ? -1 : 1
  let exponent = Int((bits >> 10) & 0x1F)
  let fraction = Float(bits & 0x3FF)
  switch exponent {
  case 0: return sign * fraction * 0x1p-24  // subnormal (or zero): f · 2⁻¹⁴ / 2¹⁰
  case 31: return fraction == 0 ? sign * .infinity : .nan
  default:
    return sign * (1 + fraction / 1024)
      * Float(sign: .plus, exponent: exponent - 15, significand: 1)
  }
}

/// Widens a bfloat16 bit pattern (the upper half of a binary32) to `Float` exactly.
///
/// Source: Google, "BFloat16: The secret to high performance on Cloud TPUs", 2019.
func floatFromBFloat16Bits(_ bits: UInt16) -> Float {
  Float(bitPattern: UInt32(bits) << 16)
}
