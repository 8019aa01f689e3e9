/**
 * `pnpm bench`: the reference's spectrogram step and Kaldi fbank throughput, beside the reference figures
 * (and torchaudio measured in the same run when Debian's python3-torchaudio is installed).
 */
import { execFileSync } from 'node:child_process';
import { mulberry32, syntheticWindow } from '../src/__fixtures__/synthetic-window.js';
import { kaldiFbank, referencePipelineFeatures, sensorSpectrogram } from '../src/index.js';

const TORCHAUDIO_MS_PER_WINDOW = 2.9; // documented: one thread of a 2-core x86-64 machine
const FBANK_TARGET_REALTIME = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `fn` `repeats` times after `warmup` runs; returns the median wall time (ms). */
function time(fn: () => void, repeats: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
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
  5,
  1,
);
const msPerWindow = pipelineMs / windows.length;

// 2. kaldiFbank on 10 s of 16 kHz audio.
const audio = new Float32Array(160000);
for (let n = 0; n < audio.length; n++) {
  audio[n] = 0.5 * Math.sin((2 * Math.PI * 440 * n) / 16000) + 0.1 * (random() - 0.5);
}
const fbankMs = time(() => kaldiFbank(audio), 30);
const realtime = 10000 / fbankMs;

// 3. Our default sensor spectrogram: 3 s windows of a 100 Hz recording (mag, acc, gyro, norm, dip).
const sensorWindow = syntheticWindow({ sampleRateHz: 100, durationSec: 3 });
const sensorMs = time(() => sensorSpectrogram(sensorWindow), 200, 20);

// torchaudio in the same run, when installed (never installed by tests or CI).
let torchaudio: { msPerWindow: number; fbankMs: number } | undefined;
try {
  const script = `
import time, math, torch, torchaudio
torch.set_num_threads(1)
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
t = time.perf_counter(); n = 60
for _ in range(n): step()
per = (time.perf_counter() - t) / n * 1000
x = torch.rand(1, 160000, generator=g)
for _ in range(3): k.fbank(x, sample_frequency=16000, window_type="hanning", num_mel_bins=128, dither=0.0)
t = time.perf_counter()
for _ in range(10): k.fbank(x, sample_frequency=16000, window_type="hanning", num_mel_bins=128, dither=0.0)
print(per, (time.perf_counter() - t) / 10 * 1000)
`;
  // Debian's python3-torchaudio lives in /usr/bin/python3's dist-packages (a pyenv python3 may shadow it).
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      const output = execFileSync(python, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const [a, b] = output.trim().split(/\s+/).map(Number);
      if (Number.isFinite(a) && Number.isFinite(b)) {
        torchaudio = { msPerWindow: a!, fbankMs: b! };
        break;
      }
    } catch {
      // not installed for this interpreter
    }
  }
} catch {
  torchaudio = undefined;
}

const fmt = (v: number, digits = 2) => v.toFixed(digits);
console.log(`@tsc/spectrogram benchmark (Node ${process.version}, one thread)\n`);
console.log(
  'Reference spectrogram step, 600 s at 100 Hz, 60 windows of 3 s (resample 140→16 kHz, fbank, pad, normalise):',
);
console.log(`  ours:       ${fmt(msPerWindow)} ms per window`);
if (torchaudio) {
  console.log(`  torchaudio: ${fmt(torchaudio.msPerWindow)} ms per window (measured now)`);
  console.log(`  ratio:      ${fmt(torchaudio.msPerWindow / msPerWindow)}× torchaudio's speed`);
}
console.log(
  `  reference:  ${TORCHAUDIO_MS_PER_WINDOW} ms per window (torchaudio, documented) → ${fmt(TORCHAUDIO_MS_PER_WINDOW / msPerWindow)}×; target ≤ ${TORCHAUDIO_MS_PER_WINDOW} ms: ${msPerWindow <= TORCHAUDIO_MS_PER_WINDOW ? 'met' : 'NOT met'}`,
);
console.log('\nkaldiFbank, 10 s of 16 kHz audio (998 frames, 128 mel):');
console.log(`  ours:       ${fmt(fbankMs)} ms per clip = ${fmt(realtime, 0)}× real time`);
if (torchaudio) {
  console.log(
    `  torchaudio: ${fmt(torchaudio.fbankMs)} ms per clip = ${fmt(10000 / torchaudio.fbankMs, 0)}× real time (measured now); ratio ${fmt(torchaudio.fbankMs / fbankMs)}×`,
  );
}
console.log(
  `  target:     ≥ ${FBANK_TARGET_REALTIME}× real time: ${realtime >= FBANK_TARGET_REALTIME ? 'met' : 'NOT met'} (${fmt(realtime / FBANK_TARGET_REALTIME)}× the target)`,
);
console.log('\nsensorSpectrogram, 3 s window at 100 Hz (11 channels × 32 bins, 30 frames):');
console.log(`  ours:       ${fmt(sensorMs, 3)} ms per window = ${fmt(3000 / sensorMs, 0)}× real time`);
if (!torchaudio) console.log('\n(python3-torchaudio not installed: torchaudio figures are the documented ones)');
