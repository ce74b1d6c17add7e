export { startEmulator, DEMO_APP_CERTIFICATE, DEMO_APP_ID, type Emulator, type EmulatorOptions, type RequestStats } from './server.js';
export { GroupStore, type EmulatedGroup, type NewGroup, type SeedOptions } from './group-store.js';
export type { Fault, FaultSettings } from './faults.js';
