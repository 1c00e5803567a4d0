/** dynalite ships no types; this is the part of its API the tests and local mode use. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  /** Options of `dynalite(options)`; times are how long tables stay in a transitional state. */
  interface DynaliteOptions {
    /** LevelDB directory; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    ssl?: boolean;
    verbose?: boolean;
    debug?: boolean;
  }

  /** Creates (does not start) an HTTP server speaking the DynamoDB API. */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
