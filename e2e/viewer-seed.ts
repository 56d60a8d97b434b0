// Test mail for the viewer specs (e2e/viewer*.spec.ts), in moto's S3 as SES stores it.
//
// Global setup calls seedViewer() once moto is up (from e2e/seed.ts). It picks the port of the
// beacon (a local HTTP server the specs start, counting every request a mail makes), then
// delivers the corpus through the library's SES simulator, KMS-encrypted, into the mailboxes of
// e2e/test-env.ts. The library guards itself with `import 'server-only'`, so the delivery runs in
// a child process under the react-server condition (as scripts/ts-run.mjs does); this file is
// that child's entry too (`--deliver`).
//
// Specs rebuild the same corpus with viewerCorpus(): it is deterministic (same bytes, same SES
// ids), so they can compare downloads and Raw with the original .eml byte for byte.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus, type CorpusMessage } from '../scripts/corpus/generate';
import { ACCOUNT_ID, BUCKET } from './test-env';

export const VIEWER_BASE_DATE = '2026-11-02T10:00:00Z';
export const VIEWER_KEY_ALIAS = 'alias/sesame-e2e';
export const VIEWER_RULE = 'e2e-inbound';
/** The mailbox holding the whole corpus (bob may read it too). */
export const VIEWER_MAILBOX = 'support';
/** A few messages for the other mailbox, so that it is not empty. */
const BILLING = /^(attachment-pdf-invoice|receipt-order-confirmation|plain-hello)$/;

/** Two objects that fail on purpose, to show a per-message problem while the rest works. */
export const BROKEN = {
  /** Its encrypted data key was damaged: it cannot be summarised or opened. */
  badKey: 'brokenkey0000000000000000000',
  /** Its ciphertext was changed after storing: listed, but opening it fails authentication. */
  altered: 'alteredbody00000000000000000',
} as const;
export const BROKEN_SOURCE = 'plain-hello';

/** Delivered by the "new mail" spec while the inbox is open. */
export const LATE_MESSAGE = 'plain-meeting-notes';
export const LATE_ID = 'latearrival00000000000000000';

const root = path.resolve(__dirname, '..');

export function beaconPort(): number {
  const port = Number(process.env.E2E_BEACON_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('E2E_BEACON_PORT is not set: e2e/seed.ts must call seedViewer()');
  return port;
}

export function viewerCorpus(): CorpusMessage[] {
  return generateCorpus({ baseDate: new Date(VIEWER_BASE_DATE), beaconOrigin: `http://127.0.0.1:${beaconPort()}`, includeLarge: false });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function runChild(args: string[], env: Record<string, string>): Promise<void> {
  return runSeedChild('e2e/viewer-seed.ts', args, env);
}

/** Runs a seed file's child mode under the react-server condition, where the library may be imported. */
export function runSeedChild(entry: string, args: string[], env: Record<string, string>): Promise<void> {
  const loader = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(
    process.execPath,
    ['--conditions=react-server', '--no-warnings=ExperimentalWarning', '--import', loader, path.join(root, entry), ...args],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') } },
  );
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${entry} (${args.join(' ')}) exited with ${code}`))));
  });
}

/** From e2e/seed.ts: `await seedViewer(where)` (returns settings for the app: none so far). */
export async function seedViewer(where: { motoEndpoint: string; motoEnv: Record<string, string> }): Promise<Record<string, string>> {
  // Workers inherit the runner's environment: the specs find the beacon here.
  process.env.E2E_BEACON_PORT ??= String(await freePort());
  await runChild(['--deliver'], { ...where.motoEnv, E2E_MOTO_ENDPOINT: where.motoEndpoint, E2E_BEACON_PORT: process.env.E2E_BEACON_PORT });
  return {};
}

/** From a spec: one more message arrives in the viewer's mailbox now. */
export async function deliverLate(motoEnv: Record<string, string>): Promise<void> {
  await runChild(['--deliver-late'], { ...motoEnv, E2E_BEACON_PORT: String(beaconPort()) });
}

// ---- child process (react-server condition): the library may be imported here ----

export async function rules() {
  const { KmsKeyring } = await import('@/lib/envelope/kms-keyring');
  const { kmsClient, s3Client } = await import('@/lib/mailstore/aws-clients');
  const { S3Store } = await import('@/lib/mailstore/s3-store');
  const seedAws = (await import(pathToFileURL(path.join(root, 'scripts', 'bench', 'seed-aws.mjs')).href)) as {
    createFixtures(endpoint: string, o: { bucket: string; keyAlias: string }): Promise<{ keyArn: string }>;
  };
  const endpoint = process.env.E2E_MOTO_ENDPOINT ?? process.env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error('no moto endpoint in the environment');
  const { keyArn } = await seedAws.createFixtures(endpoint, { bucket: BUCKET, keyAlias: VIEWER_KEY_ALIAS });
  const access = { region: process.env.AWS_REGION ?? 'us-east-1', forcePathStyle: true };
  const store = new S3Store(s3Client(access), BUCKET);
  const keyring = new KmsKeyring(kmsClient(access), { keyId: VIEWER_KEY_ALIAS });
  const rule = (prefix: string) => ({ store, prefix, ruleName: VIEWER_RULE, sourceAccount: ACCOUNT_ID, keyring, kmsKeyId: keyArn });
  return { store, rule, support: rule('support/'), billing: rule('billing/') };
}

async function deliverAll(): Promise<void> {
  const started = Date.now();
  const { deliver, ensureSetupNotification } = await import('@/lib/mailstore/ses-simulator');
  const { store, support, billing } = await rules();
  await ensureSetupNotification(support);
  await ensureSetupNotification(billing);
  // Oldest first: S3's LastModified (the receipt time the inbox sorts by) follows the PUTs.
  const corpus = viewerCorpus()
    .filter((m) => m.name !== LATE_MESSAGE)
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  for (const m of corpus) {
    await deliver(support, m.eml, { messageId: m.sesId });
    if (BILLING.test(m.name)) await deliver(billing, m.eml, { messageId: m.sesId });
  }

  const source = corpus.find((m) => m.name === BROKEN_SOURCE)!;
  for (const [kind, id] of Object.entries(BROKEN)) {
    const { key } = await deliver(support, source.eml, { messageId: id });
    const obj = await store.get(key);
    const metadata = { ...obj.metadata };
    const body = Buffer.from(obj.body);
    if (kind === 'badKey') {
      const blob = Buffer.from(metadata['x-amz-key-v2'] ?? '', 'base64');
      blob[blob.length - 20]! ^= 0xff;
      metadata['x-amz-key-v2'] = blob.toString('base64');
    } else {
      // Past the header block (which the listing reads without authentication).
      body[body.length - 40]! ^= 0x01;
    }
    await store.put({ key, body, metadata });
  }
  process.stderr.write(`[viewer-seed] ${corpus.length} messages (+${Object.keys(BROKEN).length} broken) into s3://${BUCKET}/support/ in ${Date.now() - started} ms\n`);
}

async function deliverLateChild(): Promise<void> {
  const { deliver } = await import('@/lib/mailstore/ses-simulator');
  const { support } = await rules();
  const m = viewerCorpus().find((c) => c.name === LATE_MESSAGE)!;
  await deliver(support, m.eml, { messageId: LATE_ID });
}

if (process.argv.includes('--deliver') || process.argv.includes('--deliver-late')) {
  (process.argv.includes('--deliver') ? deliverAll() : deliverLateChild()).catch((err: unknown) => {
    process.stderr.write(`[viewer-seed] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
