// biome-ignore-all assist/source/organizeImports: the exports are grouped by area, in the order of the README, not sorted by file
// `@tsc/spectrogram`: spectrograms of IMU windows and the torchaudio-compatible features under them. Browser-safe;
// `writeSpectrogramPng` is on `@tsc/spectrogram/node`.

// ---- the sensor spectrogram: the IMU feature image [time, channels × bins] and its channels ----
export type { Spectrogram } from './building-blocks/spectrogram.js';
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
} from './sensor/sensor-spectrogram.js';
export {
  DEFAULT_CHANNEL_SCALES,
  derivedChannelSeries,
  resolveSensorSpectrogramOptions,
  sensorSpectrogram,
  sensorSpectrogramSensors,
  sensorSpectrogramShape,
} from './sensor/sensor-spectrogram.js';
export type { Vector3Series } from './sensor/derived-channels.js';
export { DERIVED_CHANNEL_NAMES } from './sensor/derived-channels.js';

// ---- sensor references: the field and gravity a window is compared with, fixed or running ----
export type { SensorReference } from './sensor/sensor-reference.js';
export { MAX_REFERENCE_SAMPLES, sensorReference } from './sensor/sensor-reference.js';
export type { RunningSensorReferenceOptions } from './sensor/running-sensor-reference.js';
export { RunningSensorReference } from './sensor/running-sensor-reference.js';

// ---- compatibility mode: the reference pipeline's features ----
export type { ReferencePipelineOptions, XyzAxes } from './parity/reference-pipeline.js';
export { referencePipelineFeatures } from './parity/reference-pipeline.js';

// ---- torchaudio and Hugging Face parity: Kaldi fbank, resampling, AST features ----
export type { KaldiFbankOptions } from './parity/kaldi-fbank.js';
export { kaldiFbank } from './parity/kaldi-fbank.js';
export type { ResampleOptions } from './parity/resample.js';
export { resample } from './parity/resample.js';
export type { AstFeaturesOptions } from './parity/ast-features.js';
export { AST_MEAN, AST_STD, astFeatures } from './parity/ast-features.js';

// ---- building blocks: STFT, window functions, framing, FFT, mel filter banks, in-place signal steps ----
export type { StftOptions } from './building-blocks/stft.js';
export { stft } from './building-blocks/stft.js';
export type { WindowFunctionOptions, WindowName } from './building-blocks/window-function.js';
export { WINDOW_NAMES, windowFunction } from './building-blocks/window-function.js';
export type { FramingOptions } from './building-blocks/framing.js';
export { frameCount, frameSignal, readFrame } from './building-blocks/framing.js';
export { RealFftPlan } from './building-blocks/real-fft.js';
export type { MelFilterBank, MelFilterBankOptions } from './building-blocks/mel-filter-bank.js';
export { applyMelFilterBank, melFilterBank } from './building-blocks/mel-filter-bank.js';
export type { MelScale } from './building-blocks/mel-scale.js';
export { hzToMel, MEL_SCALES, melToHz } from './building-blocks/mel-scale.js';
export { preEmphasis } from './building-blocks/pre-emphasis.js';
export { removeDcOffset } from './building-blocks/dc-offset.js';
export type { LogWithFloorOptions } from './building-blocks/log-with-floor.js';
export { FLOAT32_EPSILON, logWithFloor } from './building-blocks/log-with-floor.js';

// ---- images: a spectrogram as PNG bytes ----
export type { SpectrogramPngOptions } from './images/spectrogram-to-png.js';
export { spectrogramToPng } from './images/spectrogram-to-png.js';
export type { ColormapName } from './images/colormap.js';
export { COLORMAP_NAMES, colormapTable } from './images/colormap.js';

// ---- errors: bad options or input (field, expected, found), and the base of every @tsc error ----
export { SpectrogramOptionsError } from './errors.js';
export { InvalidArgumentError, TscError } from '@tsc/errors';
