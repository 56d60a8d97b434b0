// Types for moto.mjs (plain JS so that it runs without a build step).

export declare const MOTO_VERSION: string;
export declare const MOTO_REQUIREMENT: string;
export declare const MOTO_ACCOUNT_ID: '123456789012';
export declare const MOTO_REGION: 'us-east-1';

/** Makes sure `<repo>/.venv` has moto's server installed; returns the path of `moto_server`. */
export declare function ensureMoto(options?: { quiet?: boolean }): Promise<string>;

export interface RunningMoto {
  port: number;
  /** `http://127.0.0.1:PORT`: S3 (path-style), KMS, STS and `/moto-api/*` all answer here. */
  endpoint: string;
  pid: number;
  /** SIGTERM, SIGKILL after 5 s; resolves once the process has exited. Safe to call twice. */
  stop: () => Promise<void>;
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines moto printed (its request log, errors). */
  logTail: () => string;
}

/** Starts moto on 127.0.0.1 (a free port unless one is given). Call ensureMoto() first. */
export declare function startMoto(options?: { port?: number }): Promise<RunningMoto>;

/** A port that was free on 127.0.0.1 a moment ago. */
export declare function freePort(): Promise<number>;

export interface MotoEnv {
  AWS_ENDPOINT_URL: string;
  AWS_ENDPOINT_URL_S3: string;
  AWS_ENDPOINT_URL_KMS: string;
  AWS_ENDPOINT_URL_STS: string;
  AWS_REGION: 'us-east-1';
  AWS_ACCESS_KEY_ID: 'testing';
  AWS_SECRET_ACCESS_KEY: 'testing';
  S3_FORCE_PATH_STYLE: '1';
  AWS_EC2_METADATA_DISABLED: 'true';
}

/** Environment for the AWS SDK and the sesame CLI to talk to this moto. */
export declare function motoEnv(endpoint: string): MotoEnv;
