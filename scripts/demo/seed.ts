// Seeds the demo store through the SES simulator: the same envelope and store code as
// production, with a local folder for the bucket and a local AES master key (wrap AES/GCM).
//   seed.ts <store-dir> <key-file> [--base-date ISO] [--beacon ORIGIN] [--no-large]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalAesKeyring } from '@/lib/envelope/local-keyring';
import { loadOrCreateMasterKey } from '@/lib/mailstore/local-key';
import { LocalStore } from '@/lib/mailstore/local-store';
import { deliver, ensureSetupNotification, type SesRule } from '@/lib/mailstore/ses-simulator';
import { generateCorpus, type CorpusMessage } from '../corpus/generate';
import { DEMO_ACCOUNT, DEMO_BUCKET } from './settings.mjs';

const SUPPORT = /^(plain-|thread-|review-request|attachment-pdf|verdict-spam|i18n-japanese)/;
const ALERTS = /^(ci-build|shipping-update|storage-quota|calendar-reminder)/;

export async function seedDemo(opts: { storeDir: string; keyFile: string; baseDate: Date; beaconOrigin?: string; includeLarge: boolean }) {
  const store = new LocalStore(path.resolve(opts.storeDir, DEMO_BUCKET));
  const keyring = new LocalAesKeyring(await loadOrCreateMasterKey(path.resolve(opts.keyFile)));
  const rule = (prefix: string, ruleName: string, encrypted: boolean): SesRule => ({
    store,
    prefix,
    ruleName,
    sourceAccount: DEMO_ACCOUNT,
    keyring: encrypted ? keyring : null,
  });
  const inbox = rule('inbox/', 'demo-inbox', true);
  const support = rule('support/', 'demo-support', true);
  const alerts = rule('alerts/', 'demo-alerts', false);
  for (const r of [inbox, support, alerts]) await ensureSetupNotification(r);

  const corpus = generateCorpus({ baseDate: opts.baseDate, beaconOrigin: opts.beaconOrigin, includeLarge: opts.includeLarge });
  const put = (r: SesRule, m: CorpusMessage) => deliver(r, m.eml, { messageId: m.sesId, receivedAt: m.receivedAt });
  for (const m of corpus) {
    await put(inbox, m);
    if (SUPPORT.test(m.name)) await put(support, m);
    if (ALERTS.test(m.name)) await put(alerts, m);
  }
  return corpus.length;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename);
if (isMain) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'base-date': { type: 'string' }, beacon: { type: 'string' }, 'no-large': { type: 'boolean', default: false } },
  });
  const [storeDir, keyFile] = positionals;
  if (!storeDir || !keyFile) throw new Error('usage: seed.ts <store-dir> <key-file> [--base-date ISO] [--beacon ORIGIN] [--no-large]');
  const started = Date.now();
  seedDemo({
    storeDir,
    keyFile,
    baseDate: values['base-date'] ? new Date(values['base-date']) : new Date(),
    beaconOrigin: values.beacon,
    includeLarge: !values['no-large'],
  }).then((n) => process.stderr.write(`[demo] seeded ${n} messages in ${Date.now() - started} ms\n`));
}
