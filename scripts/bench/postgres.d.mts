// Types for postgres.mjs (plain JS so that it runs without a build step).

export interface RunningPostgres {
  /** `postgres://sesame@127.0.0.1:PORT/sesame` (trust auth on loopback). */
  url: string;
  port: number;
  dataDir: string;
  bin: string;
  /** Immediate shutdown, data directory removed. Safe to call twice. */
  stop: () => Promise<void>;
}

/** The bin folder of Debian's PostgreSQL; installs the package as root when missing. */
export declare function ensurePostgres(): Promise<string>;
/** A fresh throw-away server on 127.0.0.1, run as a non-root user. */
export declare function startPostgres(options?: { port?: number }): Promise<RunningPostgres>;
/** `pg_dump --data-only --inserts` of the sesame database. */
export declare function pgDump(server: RunningPostgres): Promise<string>;
