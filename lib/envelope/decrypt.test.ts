import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, decryptHead } from './decrypt';
import { encrypt, type EnvelopeForm } from './encrypt';
import {
  AuthenticationFailedError,
  ContextMismatchError,
  EnvelopeError,
  KeyCommitmentError,
  KmsAccessDeniedError,
  KmsKeyDisabledError,
  KmsUnavailableError,
  MalformedMetadataError,
  UnsupportedAlgorithmError,
} from './errors';
import { KmsKeyring } from './kms-keyring';
import { LocalAesKeyring } from './local-keyring';
import { FakeKms } from './testing/fake-kms';

const MESSAGE_ID = 'd6iitobk75ur44p8kdnnp7g2n800';
const KEY = `inbox/${MESSAGE_ID}`;
const ses = { messageId: MESSAGE_ID, ruleName: 'inbound', sourceAccount: '111122223333', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:alias/aws/ses' };
const mail = Buffer.from('From: a@example.com\r\nSubject: hi\r\n\r\nHello there\r\n');

function kmsSetup() {
  const kms = new FakeKms();
  return { kms, keyring: new KmsKeyring(kms, {}), writer: new KmsKeyring(kms, { keyId: kms.keyId }) };
}

async function sesObject(plaintext: Buffer = mail, form: EnvelopeForm = 'v2') {
  const { kms, keyring, writer } = kmsSetup();
  const obj = await encrypt({ plaintext, keyring: writer, ses, form });
  return { kms, keyring, ...obj };
}

async function rejects(p: Promise<unknown>, type: new (...args: never[]) => EnvelopeError) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  // No error text may carry key material or plaintext.
  expect(String((err as Error).message)).not.toMatch(/Hello there/);
}

describe('encrypt: the shape SES writes', () => {
  it('writes exactly the metadata keys of an SES object', async () => {
    const { metadata, body } = await sesObject();
    expect(Object.keys(metadata).sort()).toEqual(
      ['x-amz-cek-alg', 'x-amz-iv', 'x-amz-key-v2', 'x-amz-matdesc', 'x-amz-tag-len', 'x-amz-unencrypted-content-length', 'x-amz-wrap-alg'].sort(),
    );
    expect(metadata['x-amz-cek-alg']).toBe('AES/GCM/NoPadding');
    expect(metadata['x-amz-wrap-alg']).toBe('kms');
    expect(metadata['x-amz-tag-len']).toBe('128');
    expect(metadata['x-amz-unencrypted-content-length']).toBe(String(mail.length));
    expect(Buffer.from(metadata['x-amz-iv']!, 'base64')).toHaveLength(12);
    expect(JSON.parse(metadata['x-amz-matdesc']!)).toEqual({
      'aws:ses:message-id': MESSAGE_ID,
      'aws:ses:rule-name': 'inbound',
      'aws:ses:source-account': '111122223333',
      kms_cmk_id: ses.kmsKeyId,
    });
    expect(body.length).toBe(mail.length + 16);
  });
});

describe('round trips', () => {
  for (const form of ['v2', 'v2-kms+context', 'v3'] as const) {
    it(`KMS ${form}`, async () => {
      const { keyring, metadata, body } = await sesObject(mail, form);
      const out = await decrypt({ metadata, body, keyring, expect: { objectKey: KEY, sourceAccount: '111122223333', requireSesContext: true } });
      expect(out.plaintext.equals(mail)).toBe(true);
      // kms_cmk_id is part of the SES (kms-wrap) context only; kms+context writers never store it.
      expect(out.info).toMatchObject({ encrypted: true, ruleName: 'inbound', sesMessageId: MESSAGE_ID, kmsKeyId: form === 'v2' ? ses.kmsKeyId : undefined });
    });
    it(`local AES/GCM ${form}`, async () => {
      const keyring = new LocalAesKeyring(randomBytes(32));
      const { metadata, body } = await encrypt({ plaintext: mail, keyring, ses: { ...ses, kmsKeyId: undefined }, form });
      expect(metadata['x-amz-wrap-alg'] ?? metadata['x-amz-w']).toMatch(/^(AES\/GCM|02)$/);
      const out = await decrypt({ metadata, body, keyring, expect: { objectKey: KEY, requireSesContext: true } });
      expect(out.plaintext.equals(mail)).toBe(true);
    });
  }

  it('empty and block-sized messages', async () => {
    for (const size of [0, 1, 15, 16, 17, 65536, 65537]) {
      const plaintext = randomBytes(size);
      const { keyring, metadata, body } = await sesObject(plaintext);
      expect((await decrypt({ metadata, body, keyring })).plaintext.equals(plaintext)).toBe(true);
    }
  });

  it('accepts metadata with x-amz-meta- prefixes and mixed case', async () => {
    const { keyring, metadata, body } = await sesObject();
    const shouted = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`X-Amz-Meta-${k.toUpperCase()}`, v]));
    expect((await decrypt({ metadata: shouted, body, keyring })).plaintext.equals(mail)).toBe(true);
  });

  it('passes plain objects through, marked unencrypted', async () => {
    const { keyring } = kmsSetup();
    const out = await decrypt({ metadata: {}, body: mail, keyring });
    expect(out.info.encrypted).toBe(false);
    expect(out.plaintext).toBe(mail);
  });

  it('reads an instruction file only when the object metadata has no envelope', async () => {
    const { keyring, metadata, body } = await sesObject();
    let reads = 0;
    const loadInstructionFile = async () => {
      reads++;
      return Buffer.from(JSON.stringify(metadata));
    };
    const out = await decrypt({ metadata: {}, body, keyring, loadInstructionFile });
    expect(out.plaintext.equals(mail)).toBe(true);
    expect(out.info.fromInstructionFile).toBe(true);
    await decrypt({ metadata, body, keyring, loadInstructionFile });
    expect(reads).toBe(1);
    await rejects(decrypt({ metadata: {}, body, keyring, loadInstructionFile: async () => Buffer.from('{"a":') }), MalformedMetadataError);
  });

  it('decrypts the head of a GCM message without the rest, and verifies when the head is whole', async () => {
    const big = Buffer.concat([mail, randomBytes(100_000)]);
    for (const form of ['v2', 'v3'] as const) {
      const { keyring, metadata, body } = await sesObject(big, form);
      const head = await decryptHead({ metadata, head: body.subarray(0, 4096), objectSize: body.length, keyring });
      expect(head.complete).toBe(false);
      expect(head.plaintext.equals(big.subarray(0, 4096))).toBe(true);
      const whole = await decryptHead({ metadata, head: body, objectSize: body.length, keyring });
      expect(whole.complete).toBe(true);
      expect(whole.plaintext.equals(big)).toBe(true);
    }
    const small = await sesObject();
    const cut = await decryptHead({ metadata: small.metadata, head: small.body.subarray(0, 40), objectSize: small.body.length, keyring: small.keyring });
    expect(cut.plaintext.equals(mail.subarray(0, 40))).toBe(true);
  });
});

describe('tampering is rejected with the right typed error', () => {
  const flip = (b: Buffer, i: number) => {
    const c = Buffer.from(b);
    c[i] = c[i]! ^ 1;
    return c;
  };
  const b64flip = (s: string, i: number) => flip(Buffer.from(s, 'base64'), i).toString('base64');

  it('a flipped bit in the body, the tag or the IV', async () => {
    const { keyring, metadata, body } = await sesObject();
    await rejects(decrypt({ metadata, body: flip(body, 3), keyring }), AuthenticationFailedError);
    await rejects(decrypt({ metadata, body: flip(body, body.length - 1), keyring }), AuthenticationFailedError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-iv': b64flip(metadata['x-amz-iv']!, 0) }, body, keyring }), AuthenticationFailedError);
  });

  it('a flipped bit in the encrypted key', async () => {
    const { keyring, metadata, body } = await sesObject();
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-key-v2': b64flip(metadata['x-amz-key-v2']!, 20) }, body, keyring }), ContextMismatchError);
    const local = new LocalAesKeyring(randomBytes(32));
    const l = await encrypt({ plaintext: mail, keyring: local, ses });
    await rejects(decrypt({ metadata: { ...l.metadata, 'x-amz-key-v2': b64flip(l.metadata['x-amz-key-v2']!, 20) }, body: l.body, keyring: local }), AuthenticationFailedError);
  });

  it('a truncated body', async () => {
    const { keyring, metadata, body } = await sesObject();
    await rejects(decrypt({ metadata, body: body.subarray(0, body.length - 1), keyring }), AuthenticationFailedError);
    await rejects(decrypt({ metadata, body: body.subarray(0, 10), keyring }), AuthenticationFailedError);
    await rejects(decrypt({ metadata, body: Buffer.alloc(0), keyring }), AuthenticationFailedError);
  });

  it('the content algorithm swapped to CTR or CBC', async () => {
    const { kms, keyring, metadata, body } = await sesObject();
    const before = kms.calls;
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-cek-alg': 'AES/CTR/NoPadding' }, body, keyring }), UnsupportedAlgorithmError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding' }, body, keyring }), MalformedMetadataError);
    const cbc = { ...metadata, 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding', 'x-amz-iv': randomBytes(16).toString('base64') };
    delete (cbc as Record<string, string>)['x-amz-tag-len'];
    await rejects(decrypt({ metadata: cbc, body, keyring }), UnsupportedAlgorithmError);
    expect(kms.calls).toBe(before); // rejected before any key was unwrapped
    // Even with legacy CBC allowed, GCM bytes do not decrypt as CBC.
    await rejects(decrypt({ metadata: cbc, body: body.subarray(0, 48), keyring, expect: { allowLegacyCbc: true } }), AuthenticationFailedError);
  });

  it('material description entries removed, changed or added', async () => {
    const { keyring, metadata, body } = await sesObject();
    const md = JSON.parse(metadata['x-amz-matdesc']!) as Record<string, string>;
    const withMd = (m: Record<string, string>) => ({ ...metadata, 'x-amz-matdesc': JSON.stringify(m) });
    const { ['aws:ses:rule-name']: _r, ...removed } = md;
    await rejects(decrypt({ metadata: withMd(removed), body, keyring }), ContextMismatchError);
    await rejects(decrypt({ metadata: withMd({ ...md, 'aws:ses:rule-name': 'other' }), body, keyring }), ContextMismatchError);
    await rejects(decrypt({ metadata: withMd({ ...md, extra: 'x' }), body, keyring }), ContextMismatchError);
    const { ['aws:ses:message-id']: _m, ...noId } = md;
    await rejects(decrypt({ metadata: withMd(noId), body, keyring, expect: { requireSesContext: true } }), ContextMismatchError);
    await rejects(decrypt({ metadata: withMd(md), body, keyring, expect: { objectKey: 'inbox/someothermessage' } }), ContextMismatchError);
    await rejects(decrypt({ metadata: withMd(md), body, keyring, expect: { sourceAccount: '999999999999' } }), ContextMismatchError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-matdesc': '{"a":1}' }, body, keyring }), MalformedMetadataError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-matdesc': 'not json' }, body, keyring }), MalformedMetadataError);
  });

  it('kms+context whose context does not name the content algorithm', async () => {
    const { keyring, metadata, body } = await sesObject(mail, 'v2-kms+context');
    const md = JSON.parse(metadata['x-amz-matdesc']!) as Record<string, string>;
    md['aws:x-amz-cek-alg'] = 'AES/CBC/PKCS5Padding';
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-matdesc': JSON.stringify(md) }, body, keyring }), ContextMismatchError);
  });

  it('two envelope keys on one object', async () => {
    const { keyring, metadata, body } = await sesObject();
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-3': metadata['x-amz-key-v2']! }, body, keyring }), MalformedMetadataError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-key': metadata['x-amz-key-v2']! }, body, keyring }), MalformedMetadataError);
  });

  it('a wrong tag length, IV length or malformed values', async () => {
    const { keyring, metadata, body } = await sesObject();
    for (const tag of ['96', '120', '0', 'abc']) {
      await rejects(decrypt({ metadata: { ...metadata, 'x-amz-tag-len': tag }, body, keyring }), MalformedMetadataError);
    }
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-iv': randomBytes(16).toString('base64') }, body, keyring }), MalformedMetadataError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-iv': '***' }, body, keyring }), MalformedMetadataError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-wrap-alg': 'RSA-OAEP-SHA1' }, body, keyring }), UnsupportedAlgorithmError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-unencrypted-content-length': '5' }, body, keyring }), MalformedMetadataError);
  });

  it('V3: altered commitment, message id, or wrap', async () => {
    const { keyring, metadata, body } = await sesObject(mail, 'v3');
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-d': b64flip(metadata['x-amz-d']!, 0) }, body, keyring }), KeyCommitmentError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-i': b64flip(metadata['x-amz-i']!, 0) }, body, keyring }), KeyCommitmentError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-c': '114' }, body, keyring }), UnsupportedAlgorithmError);
    await rejects(decrypt({ metadata: { ...metadata, 'x-amz-w': '22' }, body, keyring }), UnsupportedAlgorithmError);
    await rejects(decrypt({ metadata, body: flip(body, 0), keyring }), AuthenticationFailedError);
  });

  it('a data key of the wrong length from KMS', async () => {
    const { metadata, body } = await sesObject();
    const shortKms = { send: async () => ({ Plaintext: new Uint8Array(16) }) };
    await rejects(decrypt({ metadata, body, keyring: new KmsKeyring(shortKms) }), AuthenticationFailedError);
  });
});

describe('decrypting in place (consumeBody)', () => {
  it('gives the same plaintext for every form, written over the body', async () => {
    for (const form of ['v2', 'v2-kms+context', 'v3'] as const) {
      const big = randomBytes(200_003);
      const { keyring, metadata, body } = await sesObject(big, form);
      const out = await decrypt({ metadata, body, keyring, consumeBody: true });
      expect(out.plaintext.equals(big)).toBe(true);
      expect(out.plaintext.buffer).toBe(body.buffer);
    }
  });

  it('leaves no unauthenticated plaintext behind when the tag does not verify', async () => {
    const { keyring, metadata, body } = await sesObject(Buffer.from('Hello there '.repeat(10_000)));
    body[body.length - 1] = body[body.length - 1]! ^ 1;
    await rejects(decrypt({ metadata, body, keyring, consumeBody: true }), AuthenticationFailedError);
    expect(body.subarray(0, body.length - 16).every((b) => b === 0)).toBe(true);
  });
});

describe('KMS errors', () => {
  for (const [name, type] of [
    ['AccessDeniedException', KmsAccessDeniedError],
    ['DisabledException', KmsKeyDisabledError],
    ['KMSInvalidStateException', KmsKeyDisabledError],
    ['InvalidCiphertextException', ContextMismatchError],
    ['ThrottlingException', KmsUnavailableError],
  ] as const) {
    it(`${name} → ${type.name}`, async () => {
      const { kms, keyring, metadata, body } = await sesObject();
      kms.failWith = name;
      await rejects(decrypt({ metadata, body, keyring }), type);
    });
  }

  it('access denied names the key and the missing permission', async () => {
    const { kms, keyring, metadata, body } = await sesObject();
    kms.failWith = 'AccessDeniedException';
    await expect(decrypt({ metadata, body, keyring })).rejects.toThrow(/alias\/aws\/ses.*kms:Decrypt/);
    const pinned = new KmsKeyring(kms, { keyId: 'arn:aws:kms:eu-west-1:111122223333:key/pinned' });
    await expect(decrypt({ metadata, body, keyring: pinned })).rejects.toThrow(/key\/pinned/);
  });

  it('moto-style IAM denial (HTTP 403 without a KMS exception name)', async () => {
    const { metadata, body } = await sesObject();
    const denied = {
      send: async () => {
        throw Object.assign(new Error('AccessDenied'), { name: 'Unknown', $metadata: { httpStatusCode: 403 } });
      },
    };
    await rejects(decrypt({ metadata, body, keyring: new KmsKeyring(denied) }), KmsAccessDeniedError);
  });
});

describe('key hygiene', () => {
  it('zeroes the data key after use, on success and on failure', async () => {
    const handed: Uint8Array[] = [];
    const { kms } = kmsSetup();
    const writer = new KmsKeyring(kms, { keyId: kms.keyId });
    const obj = await encrypt({ plaintext: mail, keyring: writer, ses });
    const spy = {
      send: async (cmd: unknown) => {
        const out = await kms.send(cmd);
        handed.push(out['Plaintext'] as Uint8Array);
        return out;
      },
    };
    await decrypt({ metadata: obj.metadata, body: obj.body, keyring: new KmsKeyring(spy) });
    await decrypt({ metadata: obj.metadata, body: Buffer.concat([obj.body.subarray(0, 5), Buffer.alloc(40)]), keyring: new KmsKeyring(spy) }).catch(() => {});
    expect(handed).toHaveLength(2);
    for (const k of handed) expect(Buffer.from(k).every((b) => b === 0)).toBe(true);
  });
});
