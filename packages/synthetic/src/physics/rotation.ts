/** Body-frame vector of world vector (wx, wy, wz) under rotation matrix R (row-major, body → world): Rᵀ·w. */
export function toBody(r: Float64Array, wx: number, wy: number, wz: number, out: Float64Array, o: number): void {
  out[o] = r[0]! * wx + r[3]! * wy + r[6]! * wz;
  out[o + 1] = r[1]! * wx + r[4]! * wy + r[7]! * wz;
  out[o + 2] = r[2]! * wx + r[5]! * wy + r[8]! * wz;
}

/** Rotation matrix (row-major, body → world) of a unit quaternion. */
export function rotationMatrix(w: number, x: number, y: number, z: number, r: Float64Array): void {
  const xx = x * x;
  const yy = y * y;
  const zz = z * z;
  const xy = x * y;
  const xz = x * z;
  const yz = y * z;
  const wx = w * x;
  const wy = w * y;
  const wz = w * z;
  r[0] = 1 - 2 * (yy + zz);
  r[1] = 2 * (xy - wz);
  r[2] = 2 * (xz + wy);
  r[3] = 2 * (xy + wz);
  r[4] = 1 - 2 * (xx + zz);
  r[5] = 2 * (yz - wx);
  r[6] = 2 * (xz - wy);
  r[7] = 2 * (yz + wx);
  r[8] = 1 - 2 * (xx + yy);
}

/** out = q ⊗ (ew, ex, ey, ez), renormalised; `out` may be `q`. */
export function multiplyQuaternion(
  q: Float64Array,
  ew: number,
  ex: number,
  ey: number,
  ez: number,
  out: Float64Array,
): void {
  const qw = q[0]!;
  const qx = q[1]!;
  const qy = q[2]!;
  const qz = q[3]!;
  const nw = qw * ew - qx * ex - qy * ey - qz * ez;
  const nx = qw * ex + qx * ew + qy * ez - qz * ey;
  const ny = qw * ey - qx * ez + qy * ew + qz * ex;
  const nz = qw * ez + qx * ey - qy * ex + qz * ew;
  const n = Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
  out[0] = nw / n;
  out[1] = nx / n;
  out[2] = ny / n;
  out[3] = nz / n;
}

/** q ⊗ exp(ω·τ) for a body rate ω (rad/s) of norm `rate`, renormalised; writes [w, x, y, z] into out. */
export function rotateBy(
  q: Float64Array,
  wx: number,
  wy: number,
  wz: number,
  rate: number,
  tau: number,
  out: Float64Array,
): void {
  const half = 0.5 * rate * tau;
  const s = rate > 0 ? Math.sin(half) / rate : 0;
  multiplyQuaternion(q, Math.cos(half), wx * s, wy * s, wz * s, out);
}
