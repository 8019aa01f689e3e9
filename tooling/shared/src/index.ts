export { GaussianStream } from './gaussian-stream.js';
export { SeededRandom } from './seeded-random.js';
export type { SensorName } from './sensor-name.js';
export { SENSOR_NAMES } from './sensor-name.js';
export { medianStepNs, sameTimes } from './timestamps.js';
