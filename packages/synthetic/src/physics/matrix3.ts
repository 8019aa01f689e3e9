/**
 * Inverse of a row-major 3×3 matrix given as rows, by adjugate / determinant in the reference's operation order
 * (`math_utils.inverse`), so compat mode reproduces its numbers exactly.
 *
 * @returns The inverse, row-major, 9 numbers.
 */
export function invert3x3(m: readonly (readonly number[])[]): Float64Array {
  const [r0 = [], r1 = [], r2 = []] = m;
  const [m00 = 0, m01 = 0, m02 = 0] = r0;
  const [m10 = 0, m11 = 0, m12 = 0] = r1;
  const [m20 = 0, m21 = 0, m22 = 0] = r2;
  const det = m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);
  const invDet = 1.0 / det;
  return Float64Array.of(
    invDet * (m11 * m22 - m12 * m21),
    invDet * (m02 * m21 - m01 * m22),
    invDet * (m01 * m12 - m02 * m11),
    invDet * (m12 * m20 - m10 * m22),
    invDet * (m00 * m22 - m02 * m20),
    invDet * (m02 * m10 - m00 * m12),
    invDet * (m10 * m21 - m11 * m20),
    invDet * (m01 * m20 - m00 * m21),
    invDet * (m00 * m11 - m01 * m10),
  );
}
