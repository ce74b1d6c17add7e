/** dynalite ships no types; this is the part the local stack uses. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** Milliseconds a table stays CREATING. */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    /** Folder for on-disk storage; in memory when omitted. */
    path?: string;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
