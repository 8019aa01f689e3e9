"""The PyTorch side of `pnpm bench`: the same model shapes on one thread, AdamW training steps and inference.

Usage: python3 pytorch-reference.py '<json>' with json {"kind": "one-layer" | "ast", "batch", "warmup", "runs", and the
AstConfig fields of @tsc/ast-model (hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
patchSize, timePatchSize, frequencyStride, timeStride, maxLength, numMelBins, numLabels, layerNormEps)}.
Prints: median train-step ms, inference windows/s, the BLAS library torch loaded, fastest train-step ms
(tab-separated).
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
c = json.loads(sys.argv[1])
D, H, I, L = c["hiddenSize"], c["numAttentionHeads"], c["intermediateSize"], c["numLabels"]
ACT = {"relu": torch.nn.ReLU, "gelu": torch.nn.GELU}.get(c.get("hiddenAct", "gelu"), torch.nn.GELU)
EPS = c.get("layerNormEps", 1e-12)


class Block(torch.nn.Module):
    """A pre-LN encoder block, as AstEncoderBlock."""

    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = torch.nn.LayerNorm(D, eps=EPS), torch.nn.LayerNorm(D, eps=EPS)
        self.qkv, self.o = torch.nn.Linear(D, 3 * D), torch.nn.Linear(D, D)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(D, I), ACT(), torch.nn.Linear(I, D))

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, H, D // H).permute(2, 0, 3, 1, 4)
        a = torch.softmax(q @ k.transpose(-1, -2) / (D // H) ** 0.5, -1) @ v
        x = x + self.o(a.transpose(1, 2).reshape(b, t, D))
        return x + self.mlp(self.ln2(x))


class OneLayer(torch.nn.Module):
    """One block, mean over time, dense to the classes (bench/one-layer-model.ts)."""

    def __init__(self):
        super().__init__()
        self.block, self.head = Block(), torch.nn.Linear(D, L, bias=False)

    def forward(self, x):
        return self.head(self.block(x).mean(1))


class Ast(torch.nn.Module):
    """The Audio Spectrogram Transformer of createAstModel (HF ASTForAudioClassification's layout)."""

    def __init__(self):
        super().__init__()
        pf, pt = c["patchSize"], c.get("timePatchSize") or c["patchSize"]
        fs, ts = c["frequencyStride"], c["timeStride"]
        self.conv = torch.nn.Conv2d(1, D, (pf, pt), stride=(fs, ts))
        n = ((c["numMelBins"] - pf) // fs + 1) * ((c["maxLength"] - pt) // ts + 1)
        self.tokens = torch.nn.Parameter(torch.zeros(1, 2, D))
        self.position = torch.nn.Parameter(torch.zeros(1, n + 2, D))
        self.blocks = torch.nn.Sequential(*[Block() for _ in range(c["numHiddenLayers"])])
        self.ln = torch.nn.LayerNorm(D, eps=EPS)
        self.head = torch.nn.Sequential(torch.nn.LayerNorm(D, eps=EPS), torch.nn.Linear(D, L))

    def forward(self, x):
        p = self.conv(x.transpose(1, 2).unsqueeze(1)).flatten(2).transpose(1, 2)
        h = torch.cat([self.tokens.expand(x.shape[0], -1, -1), p], 1) + self.position
        h = self.ln(self.blocks(h))
        return self.head((h[:, 0] + h[:, 1]) / 2)


def timed_ms(step, warmup, runs):
    """The median and the fastest of `runs` timed calls after `warmup` untimed ones."""
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        step()
        if i >= warmup:
            times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2], min(times)


model = OneLayer() if c["kind"] == "one-layer" else Ast()
x = torch.randn(c["batch"], c["maxLength"], c["numMelBins"])
y = torch.arange(c["batch"]) % L
optimizer = torch.optim.AdamW(model.parameters(), 1e-3)


def train_step():
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    loss.item()


def infer():
    with torch.no_grad():
        model(x).sum().item()


step_ms, fastest_step_ms = timed_ms(train_step, c["warmup"], c["runs"])
infer_ms, _ = timed_ms(infer, c["warmup"], c["runs"])
maps = open("/proc/self/maps").read()
blas = (
    "OpenBLAS" if "openblas" in maps else "MKL" if "libmkl" in maps else "BLIS" if "blis" in maps
    else "reference BLAS (slow; apt install libopenblas0-pthread)" if "libblas" in maps else "unknown"
)
print(step_ms, c["batch"] * 1000 / infer_ms, blas, fastest_step_ms, sep="\t")
