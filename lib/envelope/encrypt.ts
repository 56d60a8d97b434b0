import 'server-only';
import { encryptContent } from './content';
import type { Keyring } from './keyring';
import { GCM, V3_COMMITTING } from './metadata';

// The write side: SES's exact object shape for the simulator, plus the other forms for tests.

export type EnvelopeForm = 'v2' | 'v2-kms+context' | 'v3';

export interface SesContext {
  messageId: string;
  ruleName: string;
  sourceAccount: string;
  /** What SES writes as kms_cmk_id (the rule's key ARN or alias ARN). Omitted for local keys. */
  kmsKeyId?: string;
}

export interface EncryptInput {
  plaintext: Buffer;
  keyring: Keyring;
  /** 'v2' is what SES writes: wrap `kms` (or `AES/GCM` with a local keyring). */
  form?: EnvelopeForm;
  ses?: SesContext;
  /** Extra or replacement material description entries (tests). */
  matdesc?: Record<string, string>;
}

export interface Encrypted {
  metadata: Record<string, string>;
  body: Buffer;
}

/** SES's material description, keys in the order SES writes them. */
export function sesMatdesc(ses: SesContext): Record<string, string> {
  const m: Record<string, string> = {
    'aws:ses:message-id': ses.messageId,
    'aws:ses:rule-name': ses.ruleName,
    'aws:ses:source-account': ses.sourceAccount,
  };
  if (ses.kmsKeyId) m['kms_cmk_id'] = ses.kmsKeyId;
  return m;
}

/**
 * kms_cmk_id belongs to the V1-style `kms` wrap only: official kms+context writers never put it
 * into the encryption context, and AWS's SDK v1 V2 client refuses objects that have it there.
 */
function withoutKeyName(matdesc: Record<string, string>): Record<string, string> {
  const { kms_cmk_id: _dropped, ...rest } = matdesc;
  return rest;
}

export async function encrypt(input: EncryptInput): Promise<Encrypted> {
  const form = input.form ?? 'v2';
  const local = input.keyring.kind === 'local';
  const cekAlg = form === 'v3' ? V3_COMMITTING : GCM;
  const wrapAlg = local ? 'AES/GCM' : form === 'v2' ? 'kms' : 'kms+context';
  const matdesc = { ...(input.ses ? sesMatdesc(input.ses) : {}), ...input.matdesc };
  const kmsContext = wrapAlg === 'kms+context' ? { ...withoutKeyName(matdesc), 'aws:x-amz-cek-alg': cekAlg } : wrapAlg === 'kms' ? matdesc : {};

  const generated = await input.keyring.generate({ wrapAlg, cekAlg, kmsContext });
  let content;
  try {
    content = encryptContent(cekAlg, generated.plaintextKey, input.plaintext);
  } finally {
    generated.plaintextKey.fill(0);
  }
  const length = String(input.plaintext.length);

  if (form !== 'v3') {
    return {
      body: content.body,
      metadata: {
        'x-amz-key-v2': generated.encryptedKey.toString('base64'),
        'x-amz-iv': content.iv!.toString('base64'),
        'x-amz-cek-alg': cekAlg,
        'x-amz-wrap-alg': wrapAlg,
        'x-amz-tag-len': '128',
        'x-amz-unencrypted-content-length': length,
        'x-amz-matdesc': JSON.stringify(wrapAlg === 'kms+context' ? kmsContext : matdesc),
      },
    };
  }
  const metadata: Record<string, string> = {
    'x-amz-3': generated.encryptedKey.toString('base64'),
    'x-amz-c': cekAlg,
    'x-amz-w': local ? '02' : '12',
    'x-amz-d': content.commitment!.toString('base64'),
    'x-amz-i': content.messageId!.toString('base64'),
  };
  if (local) metadata['x-amz-m'] = JSON.stringify(matdesc);
  else metadata['x-amz-t'] = JSON.stringify(kmsContext);
  return { body: content.body, metadata };
}
