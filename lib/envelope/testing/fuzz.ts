import 'server-only';
import { rngFrom } from '@/scripts/corpus/prng';
import { randomBytes } from 'node:crypto';
import { decrypt, decryptHead } from '../decrypt';
import { encrypt, type EnvelopeForm } from '../encrypt';
import { EnvelopeError } from '../errors';
import { KmsKeyring } from '../kms-keyring';
import { LocalAesKeyring } from '../local-keyring';
import { FakeKms } from './fake-kms';

// Envelope fuzzing: mutated metadata and bodies must give either the exact original plaintext
// (a harmless mutation) or a typed EnvelopeError — never a crash, another error type, or an
// error message that carries plaintext.

const MARKER = 'PLAINTEXT-MARKER-7f3a';

export async function fuzzEnvelope(count: number, seed = 42) {
  const rng = rngFrom(seed);
  const rnd = () => rng.next();
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const kms = new FakeKms();
  const kmsWriter = new KmsKeyring(kms, { keyId: kms.keyId });
  const kmsReader = new KmsKeyring(kms);
  const local = new LocalAesKeyring(randomBytes(32));
  const ses = { messageId: 'd6iitobk75ur44p8kdnnp7g2n800', ruleName: 'inbound', sourceAccount: '111122223333', kmsKeyId: kms.keyId };

  const seeds: { metadata: Record<string, string>; body: Buffer; plaintext: Buffer; keyring: KmsKeyring | LocalAesKeyring }[] = [];
  for (const form of ['v2', 'v2-kms+context', 'v3'] as EnvelopeForm[]) {
    for (const size of [0, 1, 17, 200, 5000]) {
      const plaintext = Buffer.from(`${MARKER}\r\n${'x'.repeat(size)}`);
      seeds.push({ ...(await encrypt({ plaintext, keyring: kmsWriter, ses, form })), plaintext, keyring: kmsReader });
      seeds.push({ ...(await encrypt({ plaintext, keyring: local, ses, form })), plaintext, keyring: local });
    }
  }

  const junk = () =>
    pick([
      '',
      ' ',
      '{}',
      '[]',
      'null',
      '{"a":1}',
      randomBytes(int(40)).toString('base64'),
      randomBytes(int(40)).toString('hex'),
      'AES/CTR/NoPadding',
      'AES/CBC/PKCS5Padding',
      'kms',
      'kms+context',
      'AES/GCM',
      '115',
      '12',
      '02',
      '96',
      '-1',
      '1e999',
      '\u0000',
      '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding"}',
      JSON.stringify({ 'aws:ses:message-id': 'x'.repeat(int(50)) }),
    ]);
  const KEYS = ['x-amz-key', 'x-amz-key-v2', 'x-amz-3', 'x-amz-iv', 'x-amz-cek-alg', 'x-amz-wrap-alg', 'x-amz-tag-len', 'x-amz-matdesc', 'x-amz-unencrypted-content-length', 'x-amz-c', 'x-amz-w', 'x-amz-t', 'x-amz-m', 'x-amz-d', 'x-amz-i'];

  const stats = { tried: 0, accepted: 0, typed: 0, crashes: 0, leaks: 0, wrongPlaintext: 0 };
  for (let i = 0; i < count; i++) {
    const base = pick(seeds);
    const metadata: Record<string, string> = { ...base.metadata };
    let body = Buffer.from(base.body);
    for (let m = 0, n = 1 + int(3); m < n; m++) {
      const keys = Object.keys(metadata);
      switch (int(9)) {
        case 0: // flip a bit in the body
          if (body.length) {
            const at = int(body.length);
            body[at] = body[at]! ^ (1 << int(8));
          }
          break;
        case 1: // truncate or extend the body
          body = rnd() < 0.5 ? body.subarray(0, int(body.length + 1)) : Buffer.concat([body, randomBytes(1 + int(32))]);
          break;
        case 2: // delete a metadata entry
          if (keys.length) delete metadata[pick(keys)];
          break;
        case 3: // replace a value with junk
          metadata[pick(keys.length ? keys : KEYS)] = junk();
          break;
        case 4: // add an envelope key
          metadata[pick(KEYS)] = junk();
          break;
        case 5: {
          // flip a bit inside a base64 value
          const k = pick(keys.filter((x) => /key|iv|x-amz-[3di]$/.test(x)).concat(['x-amz-iv']));
          const raw = Buffer.from(metadata[k] ?? '', 'base64');
          if (raw.length) {
            const at = int(raw.length);
            raw[at] = raw[at]! ^ (1 << int(8));
            metadata[k] = raw.toString('base64');
          }
          break;
        }
        case 6: {
          // edit the material description / context JSON
          const k = pick(['x-amz-matdesc', 'x-amz-t', 'x-amz-m']);
          try {
            const obj = JSON.parse(metadata[k] ?? '{}') as Record<string, unknown>;
            const ks = Object.keys(obj);
            if (rnd() < 0.4 && ks.length) delete obj[pick(ks)];
            else if (rnd() < 0.5 && ks.length) obj[pick(ks)] = pick(['', 'other', 1, null, ['a']]);
            else obj[`extra${int(3)}`] = 'x';
            metadata[k] = JSON.stringify(obj);
          } catch {
            metadata[k] = junk();
          }
          break;
        }
        case 7: {
          // the same key again under another spelling
          const k = pick(keys.length ? keys : KEYS);
          metadata[`X-Amz-Meta-${k.toUpperCase()}`] = rnd() < 0.5 ? (metadata[k] ?? '') : junk();
          break;
        }
        default: // swap two values
          if (keys.length > 1) {
            const a = pick(keys);
            const b = pick(keys);
            [metadata[a], metadata[b]] = [metadata[b]!, metadata[a]!];
          }
      }
    }
    stats.tried++;
    const head = rnd() < 0.2;
    try {
      const out = head
        ? await decryptHead({ metadata, head: body.subarray(0, 64), objectSize: body.length, keyring: base.keyring, expect: { allowLegacyCbc: rnd() < 0.3 } })
        : await decrypt({ metadata, body, keyring: base.keyring, expect: { allowLegacyCbc: rnd() < 0.3 } });
      // Plain pass-through happens when every envelope key is gone: that is the stored body.
      let same: boolean;
      if (!out.info.encrypted) same = out.plaintext.equals(head ? body.subarray(0, 64) : body);
      // An unauthenticated head (listings only) may reflect body bit flips; its length may not grow.
      else if ('complete' in out && !out.complete) same = out.plaintext.length <= 64;
      else same = out.plaintext.equals(base.plaintext);
      if (same) stats.accepted++;
      else stats.wrongPlaintext++;
    } catch (err) {
      if (err instanceof EnvelopeError) stats.typed++;
      else stats.crashes++;
      if (String((err as Error)?.message).includes(MARKER)) stats.leaks++;
    }
  }
  return stats;
}

