// `npm run bench`: prints the figures of the performance targets (they are not test assertions).
//   npm run bench [-- --only envelope,cli,inbox,index] [-- --full]
import { parseArgs } from 'node:util';
import { ensureMoto, motoEnv, startMoto } from '../bench/moto.mjs';
import { createFixtures, resetMoto } from '../bench/seed-aws.mjs';
import { cliVsSdk } from './cli';
import { envelopeRss, envelopeThroughput, rssChild } from './envelope';
import { browserFigures, faultFigures, fuzzFigures } from './full';
import { inboxBench } from './inbox';
import { indexBench } from './index';

async function withMoto(fn: (fixtures: { endpoint: string; bucket: string; keyId: string }) => Promise<void>): Promise<void> {
  await ensureMoto({ quiet: true });
  const moto = await startMoto();
  try {
    await resetMoto(moto.endpoint);
    const fixtures = await createFixtures(moto.endpoint, { bucket: 'sesame-bench', keyAlias: 'alias/sesame-bench' });
    Object.assign(process.env, motoEnv(moto.endpoint));
    await fn({ ...fixtures, endpoint: moto.endpoint });
  } finally {
    await moto.stop();
  }
}

async function main(): Promise<void> {
  // The audit lines of the service layer would drown the figures.
  process.env.LOG_LEVEL ??= 'silent';
  const { values } = parseArgs({ options: { only: { type: 'string' }, 'rss-child': { type: 'string' }, full: { type: 'boolean', default: false } } });
  if (values['rss-child']) return rssChild(values['rss-child']);
  const want = (name: string) => !values.only || values.only.split(',').includes(name);
  process.stdout.write(`Sesame benchmarks — ${new Date().toISOString()}, node ${process.version}\n`);
  if (want('envelope')) {
    await envelopeThroughput();
    await envelopeRss();
  }
  if (want('cli')) await withMoto(cliVsSdk);
  if (want('inbox')) await withMoto((f) => inboxBench(f, { messages: Number(process.env.SESAME_BENCH_MESSAGES ?? 2000) }));
  if (want('index')) await withMoto((f) => indexBench(f, { messages: Number(process.env.SESAME_BENCH_INDEX_MESSAGES ?? 20_000) }));
  if (values.full) {
    await fuzzFigures();
    await withMoto(faultFigures);
    browserFigures();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
