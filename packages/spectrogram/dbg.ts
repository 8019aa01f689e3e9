import FFT from 'fft.js';

const N = 256;
const rev = new Int32Array(N);
{
  const bits = Math.log2(N);
  for (let i = 0; i < N; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
}
const cosT = new Float64Array(N / 2),
  sinT = new Float64Array(N / 2);
for (let i = 0; i < N / 2; i++) {
  cosT[i] = Math.cos((2 * Math.PI * i) / N);
  sinT[i] = -Math.sin((2 * Math.PI * i) / N);
}
const re = new Float64Array(N),
  im = new Float64Array(N);
function fft(inp: Float64Array) {
  // inp interleaved complex
  for (let i = 0; i < N; i++) {
    const r = rev[i]!;
    re[i] = inp[2 * r]!;
    im[i] = inp[2 * r + 1]!;
  }
  // stages 1+2 as radix-4 (trivial twiddles)
  for (let i = 0; i < N; i += 4) {
    const ar = re[i]!,
      ai = im[i]!,
      br = re[i + 1]!,
      bi = im[i + 1]!,
      cr = re[i + 2]!,
      ci = im[i + 2]!,
      dr = re[i + 3]!,
      di = im[i + 3]!;
    const t0r = ar + br,
      t0i = ai + bi,
      t1r = ar - br,
      t1i = ai - bi,
      t2r = cr + dr,
      t2i = ci + di,
      t3r = cr - dr,
      t3i = ci - di;
    re[i] = t0r + t2r;
    im[i] = t0i + t2i;
    re[i + 2] = t0r - t2r;
    im[i + 2] = t0i - t2i;
    // (t3)·(−i) = (t3i, −t3r)
    re[i + 1] = t1r + t3i;
    im[i + 1] = t1i - t3r;
    re[i + 3] = t1r - t3i;
    im[i + 3] = t1i + t3r;
  }
  for (let size = 8; size <= N; size <<= 1) {
    const half = size >> 1,
      step = N / size;
    for (let j = 0; j < half; j++) {
      const wr = cosT[j * step]!,
        wi = sinT[j * step]!;
      for (let i = j; i < N; i += size) {
        const k = i + half;
        const xr = re[k]!,
          xi = im[k]!;
        const tr = xr * wr - xi * wi,
          ti = xr * wi + xi * wr;
        const ur = re[i]!,
          ui = im[i]!;
        re[i] = ur + tr;
        im[i] = ui + ti;
        re[k] = ur - tr;
        im[k] = ui - ti;
      }
    }
  }
}
const inp = new Float64Array(2 * N).map(() => Math.random());
const f = new FFT(N);
const out = new Float64Array(2 * N);
f.transform(out, inp);
fft(inp);
let d = 0;
for (let i = 0; i < N; i++) d = Math.max(d, Math.abs(out[2 * i]! - re[i]!), Math.abs(out[2 * i + 1]! - im[i]!));
console.log('diff', d);
const T = (name: string, fn: () => void) => {
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    for (let i = 0; i < 20000; i++) fn();
    if (r === 2) console.log(name, (((performance.now() - t) / 20000) * 1000).toFixed(3), 'µs');
  }
};
for (let r = 0; r < 2; r++) {
  T('fft.js complex256', () => f.transform(out, inp));
  T('mine complex256', () => fft(inp));
}
