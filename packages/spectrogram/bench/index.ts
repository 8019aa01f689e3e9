/**
 * `pnpm bench`: the reference's spectrogram step and Kaldi fbank throughput, beside the reference figures
 * and torchaudio measured in the same run on one thread when `python3` or Debian's `/usr/bin/python3` has
 * torchaudio (tests and CI never need Python). It runs bundled with the sources by tsup like `dist/`, under
 * plain Node (bench/tsup.config.ts); `pnpm bench:tsx` runs the TypeScript directly, ~20% slower through tsx's
 * loader hooks.
 */
import { execFileSync } from 'node:child_process';
import FFT from 'fft.js';
import { mulberry32, syntheticWindow } from '../src/__fixtures__/synthetic-window.js';
import { kaldiFbank, referencePipelineFeatures, sensorSpectrogram } from '../src/index.js';

const TORCHAUDIO_MS_PER_WINDOW = 2.9; // documented: one thread of a 2-core x86-64 machine
const FBANK_TARGET_REALTIME = 2000;

/**
 * Runs `fn` `repeats` times after `warmup` runs; returns the best (minimum) wall time and the best CPU time
 * (user + system of this process) per run (ms). On a shared machine the CPU time is the steadier estimate of the
 * cost; the torchaudio side is measured the same way.
 */
function time(fn: () => void, repeats: number, warmup = 3): { wall: number; cpu: number } {
  for (let i = 0; i < warmup; i++) fn();
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    fn();
    const used = process.cpuUsage(cpuStart);
    wall = Math.min(wall, performance.now() - start);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

// 1. The reference's spectrogram step on a 600 s, 100 Hz recording: 3 s windows every 10 s (60 windows), each
//    x|y|z concatenated (900 samples), resampled "140 Hz" → 16 kHz (102858 samples), fbank (641 frames),
//    padded to 1024 frames, normalised.
const rateHz = 100;
const recordingSec = 600;
const random = mulberry32(42);
const samples = rateHz * recordingSec;
const magRaw = new Float32Array(3 * samples);
for (let i = 0; i < samples; i++) {
  const t = i / rateHz;
  magRaw[3 * i] = 1886 * Math.sin(0.3 * t) + 5 * (random() - 0.5);
  magRaw[3 * i + 1] = 1886 * Math.cos(0.3 * t) + 5 * (random() - 0.5);
  magRaw[3 * i + 2] = 200 * Math.sin(0.05 * t) + 5 * (random() - 0.5);
}
const windowSamples = 3 * rateHz;
const windows: Float32Array[] = [];
for (let start = 0; start + windowSamples <= samples; start += 10 * rateHz) {
  windows.push(magRaw.subarray(3 * start, 3 * (start + windowSamples)));
}
const pipelineMs = time(
  () => {
    for (const w of windows) referencePipelineFeatures(w);
  },
  7,
  2,
);
const msPerWindow = pipelineMs.wall / windows.length;
const cpuMsPerWindow = pipelineMs.cpu / windows.length;

// 2. kaldiFbank on 10 s of 16 kHz audio.
const audio = new Float32Array(160000);
for (let n = 0; n < audio.length; n++) {
  audio[n] = 0.5 * Math.sin((2 * Math.PI * 440 * n) / 16000) + 0.1 * (random() - 0.5);
}
const fbankTimes = time(() => {
  for (let i = 0; i < 5; i++) kaldiFbank(audio);
}, 25);
const fbankMs = fbankTimes.wall / 5;
const fbankCpuMs = fbankTimes.cpu / 5;
const realtime = 10000 / fbankMs;

// 3. Our default sensor spectrogram: 3 s windows of a 100 Hz recording (mag, acc, gyro, norm, dip).
const sensorWindow = syntheticWindow({ sampleRateHz: 100, durationSec: 3 });
const sensorMs =
  time(() => {
    for (let i = 0; i < 20; i++) sensorSpectrogram(sensorWindow);
  }, 20).wall / 20;

// Machine reference (printed for comparison only, adjusts nothing): fft.js 256-point realTransform per 10,000,
// warmed up, median of 9 batches, as the toolchain notes measured 10.2–12.7 ms on the documented machine.
// A figure above that range says this machine (or its current load) is slower than the documented one; the
// same-run torchaudio figures are the fair comparison. The output is a Float64Array, like the package's own
// calls: a plain Array (fft.js's createComplexArray) here would make fft.js's functions polymorphic after the
// package's Float64Array calls and measure ~2× slower (the "28.8 ms" of the first version of this bench).
const DOCUMENTED_FFT256_MS_PER_10K = '10.2–12.7';
const calibrationFft = new FFT(256);
const calibrationOut = new Float64Array(512);
const calibrationIn = new Float64Array(256).map((_, n) => Math.sin(n));
for (let i = 0; i < 20000; i++) calibrationFft.realTransform(calibrationOut, calibrationIn);
const calibrationBatches: number[] = [];
for (let b = 0; b < 9; b++) {
  const start = performance.now();
  for (let i = 0; i < 10000; i++) calibrationFft.realTransform(calibrationOut, calibrationIn);
  calibrationBatches.push(performance.now() - start);
}
calibrationBatches.sort((x, y) => x - y);
const fft256MsPer10k = calibrationBatches[4]!;

// torchaudio in the same run, when installed (never installed by tests or CI).
let torchaudio:
  | {
      msPerWindow: number;
      fbankMs: number;
      cpuMsPerWindow: number;
      fbankCpuMs: number;
      python: string;
      versions: string;
    }
  | undefined;
try {
  const script = `
import time, math, torch, torchaudio
torch.set_num_threads(1)
torch.set_num_interop_threads(1)
import torchaudio.compliance.kaldi as k
rs = torchaudio.transforms.Resample(140, 16000)
g = torch.Generator().manual_seed(0)
w = (torch.rand(900, generator=g) * 3000).float()
def step():
    a = rs(w.unsqueeze(0))
    f = k.fbank(a, sample_frequency=16000, window_type="hanning", num_mel_bins=128, dither=0.0)
    f = torch.nn.functional.pad(f, (0, 0, 0, 1024 - f.shape[0]))
    return (f + 4.2677393) / (2 * 4.5689974)
for _ in range(5): step()
per = cpu = float("inf")
for _ in range(7):
    t, c = time.perf_counter(), time.process_time()
    for _ in range(60): step()
    per = min(per, (time.perf_counter() - t) / 60 * 1000)
    cpu = min(cpu, (time.process_time() - c) / 60 * 1000)
x = torch.rand(1, 160000, generator=g)
for _ in range(3): k.fbank(x, sample_frequency=16000, window_type="hanning", num_mel_bins=128, dither=0.0)
best = fcpu = float("inf")
for _ in range(30):
    t, c = time.perf_counter(), time.process_time()
    k.fbank(x, sample_frequency=16000, window_type="hanning", num_mel_bins=128, dither=0.0)
    best = min(best, (time.perf_counter() - t) * 1000)
    fcpu = min(fcpu, (time.process_time() - c) * 1000)
print(per, best, cpu, fcpu, "torch", torch.__version__, "torchaudio", torchaudio.__version__, "threads", torch.get_num_threads())
`;
  // Plain `python3` first; Debian's python3-torchaudio lives in /usr/bin/python3's dist-packages (a pyenv
  // python3 first on PATH may lack it). One thread everywhere: torch intra-op and inter-op, OpenBLAS, OpenMP.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const output = execFileSync(python, ['-c', script], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        env,
        timeout: 300_000,
      });
      const [a, b, c, d] = output.trim().split(/\s+/).map(Number);
      const versions = output.trim().split(/\s+/).slice(4).join(' ');
      if ([a, b, c, d].every(Number.isFinite)) {
        torchaudio = { msPerWindow: a!, fbankMs: b!, cpuMsPerWindow: c!, fbankCpuMs: d!, python, versions };
        break;
      }
    } catch {
      // torchaudio not installed for this interpreter
    }
  }
} catch {
  torchaudio = undefined;
}

const fmt = (v: number, digits = 2) => v.toFixed(digits);
/** "2.31× faster" or "0.80× (slower)": how many times less time we take than torchaudio. */
const ratio = (theirs: number, ours: number) => {
  const r = theirs / ours;
  return r >= 1 ? `${fmt(r)}× faster` : `${fmt(r)}× (slower)`;
};
const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
console.log(`@tsc/spectrogram benchmark (Node ${process.version}, one thread, best of repeats; load average ${load})`);
console.log(
  `${import.meta.url.includes('/node_modules/.bench/') ? 'Bundled like dist/ (tsup), plain Node.' : 'TypeScript sources through tsx (slower than the bundled build).'}\n`,
);
console.log(
  'Reference spectrogram step, 600 s at 100 Hz, 60 windows of 3 s (resample 140→16 kHz, fbank, pad, normalise):',
);
console.log(`  ours:       ${fmt(msPerWindow)} ms per window (CPU ${fmt(cpuMsPerWindow)} ms)`);
if (torchaudio) {
  console.log(
    `  torchaudio: ${fmt(torchaudio.msPerWindow)} ms per window (CPU ${fmt(torchaudio.cpuMsPerWindow)} ms), measured now`,
  );
  console.log(
    `  ratio:      ours ${ratio(torchaudio.msPerWindow, msPerWindow)} than torchaudio (wall; CPU ${ratio(torchaudio.cpuMsPerWindow, cpuMsPerWindow)})`,
  );
}
console.log(
  `  reference:  ${TORCHAUDIO_MS_PER_WINDOW} ms per window (torchaudio, documented, another machine) → ours ${ratio(TORCHAUDIO_MS_PER_WINDOW, msPerWindow)}; target ≤ ${TORCHAUDIO_MS_PER_WINDOW} ms: ${msPerWindow <= TORCHAUDIO_MS_PER_WINDOW ? 'met' : 'NOT met'}`,
);
console.log('\nkaldiFbank, 10 s of 16 kHz audio (998 frames, 128 mel):');
console.log(`  ours:       ${fmt(fbankMs)} ms per clip = ${fmt(realtime, 0)}× real time (CPU ${fmt(fbankCpuMs)} ms)`);
if (torchaudio) {
  console.log(
    `  torchaudio: ${fmt(torchaudio.fbankMs)} ms per clip = ${fmt(10000 / torchaudio.fbankMs, 0)}× real time (CPU ${fmt(torchaudio.fbankCpuMs)} ms), measured now`,
  );
  console.log(
    `  ratio:      ours ${ratio(torchaudio.fbankMs, fbankMs)} than torchaudio (wall; CPU ${ratio(torchaudio.fbankCpuMs, fbankCpuMs)})`,
  );
}
console.log(
  `  target:     ≥ ${FBANK_TARGET_REALTIME}× real time: ${realtime >= FBANK_TARGET_REALTIME ? 'met' : 'NOT met'} (${fmt(realtime / FBANK_TARGET_REALTIME)}× the target)`,
);
console.log('\nsensorSpectrogram, 3 s window at 100 Hz (11 channels × 32 bins, 30 frames):');
console.log(`  ours:       ${fmt(sensorMs, 3)} ms per window = ${fmt(3000 / sensorMs, 0)}× real time`);
if (torchaudio) {
  console.log(`\ntorchaudio side: ${torchaudio.python} (${torchaudio.versions}), OPENBLAS_NUM_THREADS=1.`);
} else {
  console.log('\n(torchaudio not found for python3 or /usr/bin/python3: the torchaudio figure is the documented one)');
}
console.log(
  `Machine reference: fft.js 256-point realTransform ${fmt(fft256MsPer10k, 1)} ms per 10k (warm, median of 9 batches) vs ${DOCUMENTED_FFT256_MS_PER_10K} ms on the documented machine; informational, nothing above is adjusted by it.`,
);
