// biome-ignore-all assist/source/organizeImports: the exports are grouped by area, in the order of the README, not sorted by file
// `@tsc/spectrogram`: spectrograms of IMU windows and the torchaudio-compatible features under them. Browser-safe;
// `writeSpectrogramPng` is on `@tsc/spectrogram/node`.

// ---- the sensor spectrogram: the IMU feature image [time, channels × bins] and its channels ----
export type { Spectrogram } from './spectrogram.js';
export type {
  ChannelKind,
  ChannelScale,
  DerivedChannelName,
  ResolvedSensorSpectrogramOptions,
  SensorName,
  SensorSpectrogram,
  SensorSpectrogramLayout,
  SensorSpectrogramOptions,
  SensorWindow,
} from './sensor-spectrogram.js';
export {
  DEFAULT_CHANNEL_SCALES,
  derivedChannelSeries,
  resolveSensorSpectrogramOptions,
  sensorSpectrogram,
  sensorSpectrogramSensors,
  sensorSpectrogramShape,
} from './sensor-spectrogram.js';
export type { Vector3Series } from './derived-channels.js';
export { DERIVED_CHANNEL_NAMES } from './derived-channels.js';

// ---- sensor references: the field and gravity a window is compared with, fixed or running ----
export type { SensorReference } from './sensor-reference.js';
export { sensorReference } from './sensor-reference.js';
export type { RunningSensorReferenceOptions } from './running-sensor-reference.js';
export { RunningSensorReference } from './running-sensor-reference.js';

// ---- compatibility mode: the reference pipeline's features ----
export type { ReferencePipelineOptions, XyzAxes } from './reference-pipeline.js';
export { referencePipelineFeatures } from './reference-pipeline.js';

// ---- torchaudio and Hugging Face parity: Kaldi fbank, resampling, AST features ----
export type { KaldiFbankOptions } from './kaldi-fbank.js';
export { kaldiFbank } from './kaldi-fbank.js';
export type { ResampleOptions } from './resample.js';
export { resample } from './resample.js';
export type { AstFeaturesOptions } from './ast-features.js';
export { AST_MEAN, AST_STD, astFeatures } from './ast-features.js';

// ---- building blocks: STFT, window functions, framing, FFT, mel filter banks, in-place signal steps ----
export type { StftOptions } from './stft.js';
export { stft } from './stft.js';
export type { WindowFunctionOptions, WindowName } from './window-function.js';
export { WINDOW_NAMES, windowFunction } from './window-function.js';
export type { FramingOptions } from './framing.js';
export { frameCount, frameSignal, readFrame } from './framing.js';
export { RealFftPlan } from './real-fft.js';
export type { MelFilterBank, MelFilterBankOptions } from './mel-filter-bank.js';
export { applyMelFilterBank, melFilterBank } from './mel-filter-bank.js';
export type { MelScale } from './mel-scale.js';
export { hzToMel, MEL_SCALES, melToHz } from './mel-scale.js';
export { preEmphasis } from './pre-emphasis.js';
export { removeDcOffset } from './dc-offset.js';
export type { LogWithFloorOptions } from './log-with-floor.js';
export { FLOAT32_EPSILON, logWithFloor } from './log-with-floor.js';

// ---- images: a spectrogram as PNG bytes ----
export type { SpectrogramPngOptions } from './spectrogram-to-png.js';
export { spectrogramToPng } from './spectrogram-to-png.js';
export type { ColormapName } from './colormap.js';
export { COLORMAP_NAMES, colormapTable } from './colormap.js';

// ---- errors: bad options or input (field, expected, found), and the base of every @tsc error ----
export { SpectrogramOptionsError } from './errors.js';
export { InvalidArgumentError, TscError } from '@tsc/errors';
