export { writeSpectrogramPng } from './write-spectrogram-png.js';
