export type {
  Fault,
  FaultOptions,
  FaultTarget,
  RecordedRequest,
  RequestKind,
} from './stand-in-faults.js';
export { StandInFaults } from './stand-in-faults.js';
export type { StandInServerOptions } from './stand-in-server.js';
export { StandInServer, startStandInServer } from './stand-in-server.js';
