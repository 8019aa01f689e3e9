import {
  prepareRecording,
  recordingWindows,
  type SensorFeatureSettings,
  type StreamingPrediction,
  windowFeatures,
} from '@tsc/ast-model';
import {
  type ClassificationMessage,
  calibratedRecording,
  convertPhoneLogText,
  decodeRecording,
  encodeClassification,
  type ImuRecording,
  mergePredictions,
  stringifyLabels,
} from '@tsc/mcap-utils';
import { createDatasetPlan, DATASET_MOTIONS, generateRecording } from '@tsc/synthetic';
import { deviceSensors, type LiveSource, replayRecording } from './live-sources.js';
import { modelFromFiles, modelFromUrl } from './model-files.js';
import { drawLive, drawSpectrogram, drawTimeline, drawTraces, recordingSpanNs } from './plots.js';
import type { ModelFiles, WorkerRequest, WorkerResponse } from './protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page holds; also `window.tscApp` for tests and the console. */
const state = {
  model: undefined as
    | { labelNames: string[]; featureSettings: SensorFeatureSettings; topics: string[]; backend: string }
    | undefined,
  recording: undefined as ImuRecording | undefined,
  recordingName: '',
  messages: [] as ClassificationMessage[],
  selected: undefined as number | undefined,
  live: [] as StreamingPrediction[],
  liveLatenciesMs: [] as number[],
  /** Samples the live source delivered per topic. */
  liveSamples: {} as Record<string, number>,
  liveDone: false,
  status: 'idle',
};
(window as unknown as { tscApp: typeof state }).tscApp = state;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let liveSource: LiveSource | undefined;

function send(request: WorkerRequest, transfer: Transferable[] = []): void {
  worker.postMessage(request, transfer);
}

function setStatus(id: string, text: string, error = false): void {
  const element = $(id);
  element.textContent = text;
  element.classList.toggle('error', error);
}

function refreshButtons(): void {
  const ready = state.model !== undefined;
  $<HTMLButtonElement>('classify').disabled = !ready || state.recording === undefined;
  $<HTMLButtonElement>('live-device').disabled = !ready || liveSource !== undefined;
  $<HTMLButtonElement>('live-replay').disabled = !ready || state.recording === undefined || liveSource !== undefined;
  $<HTMLButtonElement>('live-stop').disabled = liveSource === undefined;
  $<HTMLButtonElement>('download-mcap').disabled = state.messages.length === 0;
  $<HTMLButtonElement>('download-labels').disabled = state.messages.length === 0;
}

const seconds = (timeNs: bigint, originNs: bigint) => (Number(timeNs - originNs) / 1e9).toFixed(1);

// ---- model ----

function openModel(load: () => Promise<ModelFiles>): void {
  setStatus('model-status', 'Opening…');
  load()
    .then((files) => send({ type: 'load-model', files }, [files.weights.buffer as ArrayBuffer]))
    .catch((error: Error) => setStatus('model-status', error.message, true));
}

$<HTMLInputElement>('model-folder').addEventListener('change', (event) => {
  const files = [...((event.target as HTMLInputElement).files ?? [])];
  if (files.length > 0) openModel(() => modelFromFiles(files));
});
$<HTMLInputElement>('model-files').addEventListener('change', (event) => {
  const files = [...((event.target as HTMLInputElement).files ?? [])];
  if (files.length > 0) openModel(() => modelFromFiles(files));
});
$<HTMLFormElement>('model-url-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const url = $<HTMLInputElement>('model-url').value.trim();
  if (url !== '') openModel(() => modelFromUrl(url));
});

// ---- recording ----

function useRecording(recording: ImuRecording, name: string): void {
  state.recording = recording;
  state.recordingName = name;
  state.messages = [];
  state.selected = undefined;
  const mag = recording.topics.get('mag_raw');
  const durationSec =
    mag === undefined
      ? 0
      : Number(recordingSpanNs(recording, 'mag_raw')[1] - recordingSpanNs(recording, 'mag_raw')[0]) / 1e9;
  setStatus(
    'recording-status',
    `${name}: ${[...recording.topics.keys()].join(', ')}; ${durationSec.toFixed(1)} s${mag === undefined ? ' — no mag_raw topic: nothing to classify' : ''}`,
    mag === undefined,
  );
  if (mag !== undefined) drawTraces($('traces'), calibratedRecording(recording), 'mag_raw', 'µT');
  renderResults();
  refreshButtons();
}

async function openRecordingFile(file: File): Promise<void> {
  setStatus('recording-status', `Reading ${file.name}…`);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const recording = file.name.endsWith('.json')
      ? convertPhoneLogText(new TextDecoder().decode(bytes), { fileName: file.name }).recording
      : await decodeRecording(bytes, { fileName: file.name });
    useRecording(recording, file.name);
  } catch (error) {
    setStatus('recording-status', (error as Error).message, true);
  }
}

$<HTMLInputElement>('recording-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file !== undefined) void openRecordingFile(file);
});

const motionSelect = $<HTMLSelectElement>('plan-motion');
for (const motion of DATASET_MOTIONS) motionSelect.add(new Option(motion, motion));
$('plan-fill').addEventListener('click', () => {
  const level = $<HTMLSelectElement>('plan-level').value as 'none' | 'low' | 'high';
  const plan = createDatasetPlan({
    level,
    kind: 'world_hard_iron',
    motion: motionSelect.value as (typeof DATASET_MOTIONS)[number],
    seed: Number($<HTMLInputElement>('plan-seed').value),
    durationSec: Number($<HTMLInputElement>('plan-duration').value),
  });
  $<HTMLTextAreaElement>('plan').value = JSON.stringify(plan, null, 2);
});
$('generate').addEventListener('click', () => {
  try {
    const text = $<HTMLTextAreaElement>('plan').value.trim();
    if (text === '') $('plan-fill').click();
    const plan = JSON.parse($<HTMLTextAreaElement>('plan').value);
    const { recording } = generateRecording(plan, { seed: Number($<HTMLInputElement>('plan-seed').value) });
    useRecording(recording, 'synthetic recording');
  } catch (error) {
    setStatus('recording-status', (error as Error).message, true);
  }
});

// ---- drag and drop (files, or a whole folder) ----

async function entryFiles(entry: FileSystemEntry, path = ''): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [new File([file], `${path}${file.name}`)];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
  return (await Promise.all(children.map((child) => entryFiles(child, `${path}${entry.name}/`)))).flat();
}

for (const zone of document.querySelectorAll<HTMLElement>('.drop')) {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    // an item without a file-system entry (a drop built by a script, some browsers) still has its file
    const items = [...(event.dataTransfer?.items ?? [])].filter((item) => item.kind === 'file');
    const files = (
      await Promise.all(
        items.map((item) => {
          const entry = item.webkitGetAsEntry();
          const file = item.getAsFile();
          return entry !== null ? entryFiles(entry) : file === null ? [] : [file];
        }),
      )
    ).flat();
    if (files.length === 0) return;
    if (zone.dataset.drop === 'model') openModel(() => modelFromFiles(files));
    else void openRecordingFile(files[0]!);
  });
}

// ---- classification ----

$('classify').addEventListener('click', () => {
  if (state.recording === undefined) return;
  state.status = 'classifying';
  setStatus('results-status', 'Classifying in the worker…');
  send({ type: 'classify', recording: state.recording });
});

function renderResults(): void {
  const names = state.model?.labelNames ?? [];
  const tbody = $('windows').querySelector('tbody')!;
  tbody.replaceChildren();
  const recording = state.recording;
  if (recording === undefined) return;
  const span = recordingSpanNs(recording, 'mag_raw');
  drawTimeline($('timeline'), state.messages, span, names, state.selected);
  state.messages.forEach((m, i) => {
    const row = tbody.insertRow();
    row.dataset.classId = String(m.predictedClassId);
    row.dataset.label = m.label;
    if (i === state.selected) row.className = 'selected';
    for (const text of [
      String(i),
      seconds(m.windowStartNs, span[0]),
      seconds(m.windowEndNs, span[0]),
      m.label,
      m.probabilities.map((p) => p.toFixed(3)).join(' '),
    ])
      row.insertCell().textContent = text;
    row.addEventListener('click', () => selectWindow(i));
  });
}

function selectWindow(index: number): void {
  const message = state.messages[index];
  const recording = state.recording;
  const model = state.model;
  if (message === undefined || recording === undefined || model === undefined) return;
  state.selected = index;
  renderResults();
  // the path of classifyRecording: calibrate, resample to the model's rate, the recording's reference, windows
  const prepared = prepareRecording(recording, model.featureSettings);
  const window = recordingWindows(prepared, model.featureSettings).find((w) => w.startTimeNs === message.windowStartNs);
  if (window === undefined) return;
  const features = windowFeatures([window], prepared.spectrogram);
  drawSpectrogram($('spectrogram'), features.data, features.shape[1], features.shape[2]);
  const span = recordingSpanNs(recording, 'mag_raw');
  setStatus(
    'selected',
    `window ${index}: ${seconds(message.windowStartNs, span[0])}–${seconds(message.windowEndNs, span[0])} s, ${message.label}; spectrogram ${features.shape[1]} frames × ${features.shape[2]} bins (channels stacked)`,
  );
}

$('timeline').addEventListener('click', (event) => {
  const recording = state.recording;
  if (recording === undefined || state.messages.length === 0) return;
  const canvas = event.currentTarget as HTMLCanvasElement;
  const [t0, t1] = recordingSpanNs(recording, 'mag_raw');
  const timeNs = t0 + BigInt(Math.round((event.offsetX / canvas.clientWidth) * Number(t1 - t0)));
  let best = 0;
  state.messages.forEach((m, i) => {
    const centre = (m.windowStartNs + m.windowEndNs) / 2n;
    const bestCentre = (state.messages[best]!.windowStartNs + state.messages[best]!.windowEndNs) / 2n;
    const distance = centre > timeNs ? centre - timeNs : timeNs - centre;
    if (distance < (bestCentre > timeNs ? bestCentre - timeNs : timeNs - bestCentre)) best = i;
  });
  selectWindow(best);
});

function download(bytes: Uint8Array | string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const baseName = () => state.recordingName.replace(/\.(mcap|json)$/, '').replace(/\s+/g, '-');
$('download-mcap').addEventListener('click', async () => {
  download(await encodeClassification(state.messages), `${baseName()}.classification.mcap`, 'application/octet-stream');
});
$('download-labels').addEventListener('click', () => {
  const events = mergePredictions(state.messages, { collection: `${baseName()}.labels.json` });
  download(stringifyLabels({ events }), `${baseName()}.predicted.labels.json`, 'application/json');
});

// ---- live ----

function startLive(makeSource: () => LiveSource): void {
  state.live = [];
  state.liveLatenciesMs = [];
  state.liveSamples = {};
  state.liveDone = false;
  $('live-list').replaceChildren();
  const replayOf = liveSourceIsRecording ? state.recording : undefined;
  send({
    type: 'live-start',
    calibration: replayOf?.metadata.calibration,
    ...(replayOf === undefined ? {} : { replayOf }),
  });
  liveSource = makeSource();
  setStatus('live-status', `Live: ${liveSource.description}.`);
  refreshButtons();
}

const pushSamples = (topic: string, timestampsNs: BigInt64Array, values: Float64Array) => {
  state.liveSamples[topic] = (state.liveSamples[topic] ?? 0) + timestampsNs.length;
  send({ type: 'live-push', topic, timestampsNs, values, sentAtMs: Date.now() }, [timestampsNs.buffer, values.buffer]);
};

let liveSourceIsRecording = false;
$('live-replay').addEventListener('click', () => {
  const recording = state.recording;
  const model = state.model;
  if (recording === undefined || model === undefined) return;
  liveSourceIsRecording = true;
  const speed = Number($<HTMLSelectElement>('live-speed').value);
  startLive(() =>
    replayRecording(recording, model.topics, speed, pushSamples, () => {
      send({ type: 'live-end' });
      stopLive('replay finished');
    }),
  );
});
$('live-device').addEventListener('click', () => {
  liveSourceIsRecording = false;
  startLive(() => deviceSensors(pushSamples));
});
$('live-stop').addEventListener('click', () => {
  send({ type: 'live-end' });
  stopLive('stopped');
});

function stopLive(reason: string): void {
  liveSource?.stop();
  liveSource = undefined;
  setStatus('live-status', `Live ${reason}: ${state.live.length} windows classified.`);
  refreshButtons();
}

function showLivePrediction(prediction: StreamingPrediction, latencyMs: number): void {
  state.live.push(prediction);
  state.liveLatenciesMs.push(latencyMs);
  const names = state.model?.labelNames ?? [];
  drawLive(
    $('live-chart'),
    state.live.map((p) => p.probabilities),
    names,
  );
  const item = document.createElement('li');
  item.dataset.label = prediction.label;
  const originNs = state.live[0]!.windowStartNs;
  item.textContent = `${seconds(prediction.windowStartNs, originNs)}–${seconds(prediction.windowEndNs, originNs)} s  ${prediction.label}  [${prediction.probabilities.map((p) => p.toFixed(3)).join(' ')}]  ${latencyMs.toFixed(0)} ms`;
  $('live-list').prepend(item);
}

// ---- worker answers ----

worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
  const message = event.data;
  switch (message.type) {
    case 'model-loaded': {
      const featureSettings: SensorFeatureSettings = message.featureSettings;
      state.model = {
        labelNames: message.labelNames,
        featureSettings,
        topics: message.topics,
        backend: message.backend,
      };
      setStatus(
        'model-status',
        `Model: classes ${message.labelNames.join(', ')}; ${featureSettings.windowSec} s windows every ${featureSettings.hopSec} s; topics ${message.topics.join(', ')}; backend ${message.backend}; from ${message.source}.`,
      );
      renderResults();
      refreshButtons();
      return;
    }
    case 'progress': {
      const progress = $<HTMLProgressElement>('progress');
      progress.max = Math.max(1, message.windowsTotal);
      progress.value = message.windowsDone;
      return;
    }
    case 'classified': {
      state.messages = message.messages;
      state.status = 'classified';
      setStatus(
        'results-status',
        `${message.messages.length} windows classified in ${message.elapsedMs.toFixed(0)} ms.`,
      );
      renderResults();
      if (message.messages.length > 0) selectWindow(0);
      refreshButtons();
      return;
    }
    case 'live-started':
      return;
    case 'live-ended':
      state.liveDone = true;
      return;
    case 'live-prediction':
      showLivePrediction(message.prediction, message.latencyMs);
      return;
    case 'error':
      state.status = `error: ${message.message}`;
      setStatus(state.model === undefined ? 'model-status' : 'results-status', message.message, true);
      if (liveSource !== undefined) stopLive(`failed: ${message.message}`);
      return;
  }
};

// `?model=URL` opens a model at start (links from the docs, tests).
const modelParameter = new URLSearchParams(location.search).get('model');
if (modelParameter !== null) {
  $<HTMLInputElement>('model-url').value = modelParameter;
  openModel(() => modelFromUrl(modelParameter));
}
refreshButtons();
