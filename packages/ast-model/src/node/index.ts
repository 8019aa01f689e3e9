export { loadHuggingFaceCheckpoint } from './hugging-face-checkpoint.js';
