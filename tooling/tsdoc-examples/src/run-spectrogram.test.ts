import { describeExamples, prints, printsError } from './run-examples.js';

describeExamples('spectrogram', {
  'spectrogram/parity/ast-features.ts:astFeatures': prints([[1024, 128]]),
  'spectrogram/errors.ts:SpectrogramOptionsError': printsError('length'),
  'spectrogram/parity/kaldi-fbank.ts:kaldiFbank': prints([[98, 128]]),
  'spectrogram/building-blocks/real-fft.ts:RealFftPlan': prints([Float64Array.of(0, 0, 16, 0, 0)]),
  'spectrogram/parity/reference-pipeline.ts:referencePipelineFeatures': prints([[1024, 128]]),
  'spectrogram/parity/resample.ts:resample': prints([31200]),
  'spectrogram/sensor/sensor-spectrogram.ts:sensorSpectrogramSensors': prints([['mag', 'gyro']]),
  'spectrogram/sensor/sensor-spectrogram.ts:sensorSpectrogramShape': prints([[30, 352]]),
  'spectrogram/building-blocks/stft.ts:stft': prints([[57, 33]]),
  'spectrogram/building-blocks/window-function.ts:windowFunction': prints([Float32Array.of(0, 0.5, 1, 0.5)]),
});
