"""Where torchaudio's float32 fbank departs from an exact computation (README, "Parity with torchaudio").

Recomputes torchaudio.compliance.kaldi.fbank step by step with a chosen precision per stage (frame
preparation: mean removal, pre-emphasis, Hann window; the FFT; the mel bank) and prints the max abs error
against the fixtures in the repository's fixtures/spectrogram, which torch 1.13 / torchaudio 0.13.1 produced in
float32. Optional: needs Debian's python3-torchaudio (`/usr/bin/python3 scripts/torchaudio-precision.py`);
no test or CI step runs it.
"""

import os
import sys

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.environ.get("TSC_FIXTURES", os.path.join(HERE, "..", "..", "..", "fixtures", "spectrogram"))
MEAN, STD = -4.2677393, 4.5689974
F32, F64 = torch.float32, torch.float64


def load(name):
    return np.fromfile(os.path.join(FIXTURES, name + ".f32"), dtype="<f4")


def mel_bank(dtype):
    """torchaudio's bank (computed in float32 by get_mel_banks), or the same triangles in float64."""
    if dtype == F32:
        bank, _ = kaldi.get_mel_banks(128, 512, 16000.0, 20.0, 0.0, 100.0, -500.0, 1.0)
        return torch.nn.functional.pad(bank, (0, 1)).to(F64)
    low, high = 1127 * np.log(1 + 20 / 700), 1127 * np.log(1 + 8000 / 700)
    delta = (high - low) / 129
    mel = 1127 * np.log(1 + np.arange(256) * (16000 / 512) / 700)
    bank = np.zeros((128, 257))
    for m in range(128):
        left, centre, right = low + m * delta, low + (m + 1) * delta, low + (m + 2) * delta
        bank[m, :256] = np.maximum(0, np.minimum((mel - left) / (centre - left), (right - mel) / (right - centre)))
    return torch.from_numpy(bank)


def frames(x, dtype):
    """Mean removal, pre-emphasis 0.97 (first sample replicated), symmetric Hann, zero-pad to 512."""
    strided = kaldi._get_strided(torch.from_numpy(x).to(dtype), 400, 160, True)
    strided = strided - strided.mean(dim=1, keepdim=True)
    previous = torch.nn.functional.pad(strided.unsqueeze(0), (1, 0), mode="replicate").squeeze(0)[:, :-1]
    strided = (strided - 0.97 * previous) * torch.hann_window(400, periodic=False, dtype=dtype)
    return torch.nn.functional.pad(strided, (0, 112))


def fbank(framed, fft_dtype, bank):
    power = torch.fft.rfft(framed.to(fft_dtype)).abs().pow(2.0).to(F64)
    return torch.clamp(torch.mm(power, bank.T), min=float(torch.finfo(F32).eps)).log().numpy()


def main():
    cases = {
        "chirp_noise.fbank": (load("chirp_noise"), load("chirp_noise.fbank").reshape(-1, 128), 1.0),
        # the AST fixture in fbank units (x·2·std + mean), its error scaled back to AST units below
        "seed_window.ast": (load("seed_window.resampled"), load("seed_window.ast").reshape(1024, 128), 2 * STD),
    }
    rng = np.random.default_rng(0)
    for name, (signal, reference, scale) in cases.items():
        framed32 = frames(signal, F32)
        rows = framed32.shape[0]
        target = reference[:rows] * scale + (MEAN if scale != 1.0 else 0.0)
        print(f"{name} (max abs error{' in AST units' if scale != 1.0 else ''}):")

        def report(label, result):
            print(f"  {label:<52} {np.abs(result - target).max() / scale:.3g}")

        report("everything float64, torchaudio's float32 bank", fbank(frames(signal, F64), F64, mel_bank(F32)))
        report("everything float64, float64 bank", fbank(frames(signal, F64), F64, mel_bank(F64)))
        report("float32 frames, float64 FFT", fbank(framed32, F64, mel_bank(F32)))
        report("float32 frames, float32 FFT (= torchaudio)", fbank(framed32, F32, mel_bank(F32)))
        nudged = framed32.numpy().copy()
        mask = rng.random(nudged.shape) < 0.1
        away = np.where(rng.random(mask.sum()) < 0.5, -np.inf, np.inf).astype(np.float32)
        nudged[mask] = np.nextafter(nudged[mask], away)
        report("float32 frames ±1 ulp on 10 % of samples, f32 FFT", fbank(torch.from_numpy(nudged), F32, mel_bank(F32)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
