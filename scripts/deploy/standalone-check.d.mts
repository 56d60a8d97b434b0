// Types for standalone-check.mjs (plain JS so that it runs without a build step).

export interface DockerInstruction {
  /** Upper-cased: FROM is not listed (it starts a stage). */
  instruction: string;
  /** As written, continuation lines joined. */
  args: string;
}

export interface DockerStage {
  image: string;
  /** The AS name, else the stage's index as a string. */
  name: string;
  instructions: DockerInstruction[];
}

export declare function parseDockerfile(text: string): { stages: DockerStage[] };

export interface RuntimeCopy {
  instruction: 'COPY' | 'ADD';
  /** The stage copied from; undefined for the build context. */
  from: string | undefined;
  /** Absolute paths inside that stage (or the context). */
  sources: string[];
  /** Absolute path inside the runtime stage. */
  dest: string;
  destIsDir: boolean;
  flags: Record<string, string>;
}

export interface RuntimeStage {
  name: string;
  image: string;
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  copies: RuntimeCopy[];
  /** `RUN ln -s TARGET PATH` lines, PATH absolute. */
  links: { target: string; path: string }[];
  /** Every other RUN line of the stage (not repeated by startStandalone). */
  otherRuns: string[];
  expose: string[];
  /** The HEALTHCHECK arguments as written. */
  healthcheck: string | undefined;
  /** ENTRYPOINT followed by CMD, as Docker runs them. */
  command: string[];
}

/** What the Dockerfile's last stage does. */
export declare function runtimeStage(text: string): RuntimeStage;

/** Lays out the runtime stage's files (COPY lines, `RUN ln -s`) in `hostWorkdir`. */
export declare function layOut(options: { root?: string; dockerfile?: string; hostWorkdir: string }): Promise<RuntimeStage>;

/** A port that was free on 127.0.0.1 a moment ago. */
export declare function freePort(): Promise<number>;

export interface StandaloneOptions {
  /** Repository root holding `.next/standalone` from `npx next build` (default: this checkout). */
  root?: string;
  /** Default: `<root>/Dockerfile`. */
  dockerfile?: string;
  /** Settings, as `docker run -e` would pass them. */
  env?: Record<string, string>;
  /** Default: a free port. */
  port?: number;
  /** Default 127.0.0.1 (the image's 0.0.0.0 would listen on every interface). */
  hostname?: string;
  /** Path answered (any status below 500) when the server is up; default /api/health. */
  readyPath?: string;
  timeoutMs?: number;
  /** Append the server's output to this file. */
  logFile?: string;
  /** Keep the temporary folder after stop(). */
  keepDir?: boolean;
  /** When run as root, the server runs as the Dockerfile's numeric USER unless this is false. */
  dropPrivileges?: boolean;
}

export interface RunningStandalone {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The folder standing in for the image's WORKDIR. */
  dir: string;
  pid: number | undefined;
  /** The uid/gid the server runs as, when privileges were dropped. */
  user: { uid: number; gid: number } | undefined;
  /** The server's whole environment. */
  env: Record<string, string>;
  command: string[];
  /** SIGTERM, SIGKILL after 10 s; removes the folder unless keepDir. Safe to call twice. */
  stop: () => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server printed. */
  logTail: () => string;
}

/** Lays out the image in a temporary folder and starts its command there, as the image would. */
export declare function startStandalone(options?: StandaloneOptions): Promise<RunningStandalone>;

/** The settings an operator would pass with `docker run -e`: SESAME_*, OIDC_*, NEXTAUTH_*, AWS_*, S3_*, LOG_LEVEL. */
export declare function operatorSettings(env: Record<string, string | undefined>): Record<string, string>;
