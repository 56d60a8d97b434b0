// Usage: npx tsx scripts/corpus/write.ts <outdir> [--base-date ISO] [--beacon ORIGIN] [--recipient ADDR] [--no-large] [--integration]
// Writes <name>.eml for every corpus message and index.json (name, tags, receivedAt, sesId, size).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateCorpus, integrationSet, type CorpusOptions } from './generate';

const DEFAULT_BASE_DATE = '2026-11-02T10:00:00Z';

function parseArgs(argv: string[]): { outdir: string; integration: boolean; opts: CorpusOptions } {
  let outdir: string | undefined;
  let integration = false;
  const opts: CorpusOptions = { baseDate: new Date(DEFAULT_BASE_DATE) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--base-date') opts.baseDate = new Date(value());
    else if (arg === '--beacon') opts.beaconOrigin = value();
    else if (arg === '--recipient') opts.recipient = value();
    else if (arg === '--no-large') opts.includeLarge = false;
    else if (arg === '--integration') integration = true;
    else if (arg?.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (arg !== undefined) outdir = arg;
  }
  if (!outdir) throw new Error('usage: write.ts <outdir> [--base-date ISO] [--beacon ORIGIN] [--recipient ADDR] [--no-large] [--integration]');
  if (Number.isNaN(opts.baseDate.getTime())) throw new Error('--base-date is not a date');
  return { outdir: resolve(outdir), integration, opts };
}

function main(): void {
  const { outdir, integration, opts } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const messages = integration ? integrationSet(opts) : generateCorpus(opts);
  mkdirSync(outdir, { recursive: true });
  for (const msg of messages) writeFileSync(join(outdir, `${msg.name}.eml`), msg.eml);
  const index = messages.map((msg) => ({
    name: msg.name,
    tags: msg.tags,
    receivedAt: msg.receivedAt.toISOString(),
    sesId: msg.sesId,
    size: msg.eml.length,
  }));
  writeFileSync(join(outdir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  const bytes = messages.reduce((sum, msg) => sum + msg.eml.length, 0);
  console.log(`${messages.length} messages, ${(bytes / 1024 / 1024).toFixed(1)} MiB, in ${Math.round(performance.now() - started)} ms → ${outdir}`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
