export {
  startEmulator,
  DEMO_APP_CERTIFICATE,
  DEMO_APP_ID,
  type Emulator,
  type EmulatorOptions,
  type RequestStats,
} from './server.js';
export { GroupStore, type EmulatedGroup, type NewGroup, type SeedOptions } from './group-store.js';
export type { Fault, FaultSettings } from './faults.js';
export {
  CallbackRules,
  type CallbackAttempt,
  type CallbackSettings,
  type ChatMessage,
  type PostDeliveryRule,
  type PreDeliveryRule,
} from './callback-rules.js';
export { ChatService, type ChatSettings, type ListedMessage, type NewMessage, type SendOutcome } from './chat.js';
