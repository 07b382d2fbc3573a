/**
 * A finite number written as JSON.stringify writes it (the shortest digits
 * that read back as the same double, ECMAScript's Number::toString), straight
 * into bytes. A stream's answers are mostly probabilities, and printing them
 * through `String(x)` and copying the string out was a third of the time of
 * `query --stdin`.
 *
 * For 1e-6 <= |x| < 1e15 the digits are found with exact arithmetic on
 * doubles. x times a power of ten is an exact sum of two doubles (Dekker's
 * product), so the decimals nearest x at 15, 16 and 17 significant digits are
 * known. At 15 digits a decimal D / 10^k (D below 2^53) reads back as the
 * double nearest it, which is exactly what dividing D by 10^k (both exact)
 * gives, so each of the two candidates around x is checked by one division;
 * at most one reads back (x's rounding interval is narrower than one unit
 * there), and with its trailing zeros dropped it is the shortest. At 16
 * digits (where candidates may pass 2^53) the two around x are checked
 * against x's rounding interval, scaled the same way, and the nearer that
 * lies inside wins; at 17 digits the nearest always reads back. Other
 * magnitudes, and distances too close to call (see `near`), go through
 * `String(x)`: 4 of the 10,282,078 numbers of the stream bench's alarm answers.
 */

/** A double's two 32-bit words; `HIGH` is the one with its sign and exponent (the second on little-endian machines). */
const bitsOf = new Float64Array(1)
const wordsOf = new Uint32Array(bitsOf.buffer)
const HIGH = new Uint32Array(Float64Array.of(1).buffer)[1] === 0x3ff00000 ? 1 : 0

const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => 10 ** k)

/** 2^27 + 1: splits a double into two halves of 26 bits whose products are exact (Dekker 1971). */
const SPLITTER = 134217729

/** The rounding error of the product a * b (the product plus it is exactly a * b). */
const productError = (a: number, b: number, product: number): number => {
  let t = SPLITTER * a
  const aHigh = t - (t - a)
  const aLow = a - aHigh
  t = SPLITTER * b
  const bHigh = t - (t - b)
  const bLow = b - bHigh
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow
}

/** The digits of the number being written, least significant first (at most 17, and 16 of its lead). */
const reversed = new Uint8Array(40)

/** Appends the digits of a whole number below 2^53 to `reversed` from `from`, least significant first; returns the count after them. */
const appendWhole = (value: number, from: number): number => {
  // Two halves below 10^8, so that the digits come from int32 arithmetic.
  let high = Math.floor(value / 1e8) | 0
  let low = (value - high * 1e8) | 0
  let count = from
  // The low half (padded to 8 digits when there is a high half), then the high half.
  do {
    const q = (low / 10) | 0
    reversed[count++] = low - 10 * q
    low = q
  } while (low > 0 || (high > 0 && count - from < 8))
  while (high > 0) {
    const q = (high / 10) | 0
    reversed[count++] = high - 10 * q
    high = q
  }
  return count
}

/**
 * Whether two distances (in units of the last digit) are too close to compare here: the distances carry
 * rounding errors near 1e-15, so within this margin `String` decides.
 */
const near = (a: number, b: number): boolean => a - b < 1e-9 && b - a < 1e-9

/** The most bytes a finite number takes (-0.0000012345678901234567). */
export const NUMBER_BYTES = 25

/**
 * Write `x` as JSON.stringify writes a finite number, from `at` in `out`
 * (which must have {@link NUMBER_BYTES} bytes of room); returns the position after it.
 *
 * Used as (package-internal, not exported):
 * writeNumber(0.1 + 0.2, bytes, 0) // writes "0.30000000000000004", returns 19
 */
export const writeNumber = (x: number, out: Uint8Array, at: number): number => {
  if (x === 0) {
    out[at] = 48
    return at + 1
  }
  const a = x < 0 ? -x : x
  if (!(a >= 1e-6 && a < 1e15)) return writeString(String(x), out, at)
  // k such that X = a * 10^k lies in [1e14, 1e15): 15 digits before the point.
  // From the binary exponent (log10 2 = 0.30103...), which is at most one off: corrected below.
  bitsOf[0] = a
  const exponent = (wordsOf[HIGH]! >>> 20) - 1023
  const powerOfTwo = (wordsOf[HIGH]! & 0xfffff) === 0 && wordsOf[1 - HIGH] === 0
  let k = Math.max(0, 14 - Math.floor(exponent * 0.30102999566398120))
  let p = a * POWERS_OF_TEN[k]!
  if (p >= 1e15) p = a * POWERS_OF_TEN[--k]!
  else if (p < 1e14) p = a * POWERS_OF_TEN[++k]!
  if (k > 21) return writeString(String(x), out, at)
  const scale = POWERS_OF_TEN[k]!
  // X = base + high + low exactly, with high + low in [0, 1) and high a multiple of p's unit (at most 7 bits).
  let base = Math.floor(p)
  let high = p - base
  const low = productError(a, scale, p)
  if (high === 0 && low < 0) {
    base -= 1
    high = 1
  }
  let count: number
  let point: number
  if (base / scale === a) {
    count = appendWhole(base, 0)
    point = count - k
  } else if ((base + 1) / scale === a) {
    count = appendWhole(base + 1, 0)
    point = count - k
  } else {
    // 16 digits: of the two whole numbers around Y = 10 X, the nearer of those inside x's rounding interval
    // (scaled to Y). They may pass 2^53, so they are checked against the interval, not by a division.
    const tenth = 10 * high + 10 * low
    const d = Math.floor(tenth)
    const gapBelow = tenth - d
    const gapAbove = 1 - gapBelow
    wordsOf[HIGH] = (exponent - 53 + 1023) << 20
    wordsOf[1 - HIGH] = 0
    const upper = bitsOf[0]! * POWERS_OF_TEN[k + 1]!
    // Below a power of two the doubles are twice as dense.
    const lower = powerOfTwo ? upper / 2 : upper
    if (near(gapBelow, lower) || near(gapAbove, upper)) return writeString(String(x), out, at)
    const belowReads = gapBelow < lower
    const aboveReads = gapAbove < upper
    let last: number
    let lastDigits: number
    if (belowReads || aboveReads) {
      if (belowReads && aboveReads && near(gapBelow, 0.5)) return writeString(String(x), out, at)
      last = belowReads && (!aboveReads || gapBelow < 0.5) ? d : d + 1
      lastDigits = 1
    } else {
      // 17 digits: the nearest always reads back.
      const hundredth = 100 * high + 100 * low
      const whole = Math.floor(hundredth)
      const past = hundredth - whole
      if (near(past, 0.5)) return writeString(String(x), out, at)
      last = past < 0.5 ? whole : whole + 1
      lastDigits = 2
    }
    const unit = lastDigits === 1 ? 10 : 100
    let lead = base
    if (last >= unit) {
      lead += 1
      last -= unit
    }
    count = 0
    if (lastDigits === 2) {
      const tens = (last / 10) | 0
      reversed[count++] = last - 10 * tens
      last = tens
    }
    reversed[count++] = last
    count = appendWhole(lead, count)
    point = count - k - lastDigits
  }
  // Trailing zeros dropped: the significant digits are reversed[count - 1] down to reversed[lowest].
  let lowest = 0
  while (lowest < count - 1 && reversed[lowest] === 0) lowest++
  const significant = count - lowest
  let to = at
  if (x < 0) out[to++] = 45
  if (point >= significant) {
    for (let i = count - 1; i >= lowest; i--) out[to++] = 48 + reversed[i]!
    for (let i = significant; i < point; i++) out[to++] = 48
  } else if (point > 0) {
    for (let i = count - 1; i >= count - point; i--) out[to++] = 48 + reversed[i]!
    out[to++] = 46
    for (let i = count - point - 1; i >= lowest; i--) out[to++] = 48 + reversed[i]!
  } else {
    out[to++] = 48
    out[to++] = 46
    for (let i = point; i < 0; i++) out[to++] = 48
    for (let i = count - 1; i >= lowest; i--) out[to++] = 48 + reversed[i]!
  }
  return to
}

/** An ASCII string (a number as `String` prints it) written from `at`; returns the position after it. */
const writeString = (s: string, out: Uint8Array, at: number): number => {
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i)
  return at + s.length
}
