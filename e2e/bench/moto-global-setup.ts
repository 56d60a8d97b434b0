// vitest globalSetup of the `integration` project: one moto server for the whole run.
//
// Tests read it with `inject('moto')` (vitest's provide/inject: the value is serialised to every
// worker, whatever the pool). process.env is deliberately left alone: globalSetup runs in
// vitest's main process, whose environment other projects' workers (unit tests) would inherit,
// and a unit test must never reach AWS, not even a fake one. A test that needs the variables
// (to spawn the sesame CLI, say) takes `inject('moto').env`.
//
// Test files share the server and run one at a time (fileParallelism: false). A file that
// needs a clean slate calls `resetMoto(endpoint)` then `createFixtures(endpoint)`: the seeded
// reset makes that return the same bucket, key id and ARN as injected here.
import type { TestProject } from 'vitest/node';
import { ensureMoto, motoEnv, startMoto, type MotoEnv } from '../../scripts/bench/moto.mjs';
import { startPostgres, type RunningPostgres } from '../../scripts/bench/postgres.mjs';
import { createFixtures, resetMoto, type AwsFixtures } from '../../scripts/bench/seed-aws.mjs';

export interface MotoContext extends AwsFixtures {
  /** `http://127.0.0.1:PORT`: S3 (path-style), KMS and STS. */
  endpoint: string;
  /** motoEnv(endpoint): AWS_ENDPOINT_URL*, AWS_REGION, dummy credentials, S3_FORCE_PATH_STYLE. */
  env: MotoEnv;
}

/** A real PostgreSQL (Debian's, throw-away, 127.0.0.1) for the mailbox index's tests. */
export type PostgresContext = Pick<RunningPostgres, 'url' | 'port' | 'bin' | 'dataDir'>;

declare module 'vitest' {
  export interface ProvidedContext {
    moto: MotoContext;
    postgres: PostgresContext;
  }
}

export default async function setup(project: TestProject) {
  await ensureMoto();
  const moto = await startMoto();
  let postgres: RunningPostgres | undefined;
  try {
    await resetMoto(moto.endpoint); // seeds the id generator, see above
    const fixtures = await createFixtures(moto.endpoint);
    project.provide('moto', { ...fixtures, endpoint: moto.endpoint, env: motoEnv(moto.endpoint) });
    postgres = await startPostgres();
    project.provide('postgres', { url: postgres.url, port: postgres.port, bin: postgres.bin, dataDir: postgres.dataDir });
  } catch (error) {
    await moto.stop();
    await postgres?.stop();
    throw error;
  }
  return async function teardown() {
    await moto.stop();
    await postgres?.stop();
  };
}
