import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { listMail, mapBounded } from '@/lib/mailstore/listing';
import { readMessage, readMessageHead } from '@/lib/mailstore/message';
import { deliver, ensureSetupNotification, type SesRule } from '@/lib/mailstore/ses-simulator';
import { operatorText } from '@/lib/mailstore/store-errors';
import { summaryFromHead } from '@/lib/mime/summary';
import { callerAccount, cliOptions, cliSource, kmsKeyArn } from './context';
import { parseS3Url, UsageError } from './s3-url';

const HEAD_BYTES = 32 * 1024;

type Out = { write(chunk: string | Buffer): unknown };

async function emlFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st) throw new UsageError(`no such file or folder: ${p}`);
    if (st.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.toLowerCase().endsWith('.eml')).sort();
      files.push(...names.map((n) => path.join(p, n)));
    } else files.push(p);
  }
  if (files.length === 0) throw new UsageError('no .eml files given');
  return files;
}

export async function simulateSes(
  opts: { to: string; kmsKey?: string; plain: boolean; ruleName: string; account?: string; paths: string[] },
  out: Out,
): Promise<void> {
  if (!opts.plain && !opts.kmsKey) throw new UsageError('give --kms-key KEY (id, alias/NAME or ARN), or --plain for a rule without KMS');
  const { bucket, path: prefix } = parseS3Url(opts.to);
  const files = await emlFiles(opts.paths);
  const o = cliOptions();
  const source = cliSource(bucket, prefix);
  const account = opts.account ?? o.sourceAccount ?? (await callerAccount(o.region));
  const kmsKeyId = opts.kmsKey ? kmsKeyArn(opts.kmsKey, o.region, account) : undefined;
  const rule: SesRule = {
    store: source.store,
    prefix: source.prefix,
    ruleName: opts.ruleName,
    sourceAccount: account,
    keyring: opts.kmsKey ? new KmsKeyring(kmsClient({ region: o.region, forcePathStyle: o.forcePathStyle }), { keyId: opts.kmsKey }) : null,
    kmsKeyId,
  };
  await ensureSetupNotification(rule);
  for (const file of files) {
    const { key } = await deliver(rule, await readFile(file));
    out.write(`${file} -> s3://${bucket}/${key}\n`);
  }
}

export async function ls(opts: { url: string; json: boolean; kmsKey?: string }, out: Out): Promise<void> {
  const { bucket, path: prefix } = parseS3Url(opts.url);
  const source = cliSource(bucket, prefix, opts.kmsKey);
  const listing = await listMail(source);
  const rows = await mapBounded(listing.messages, 8, async (obj) => {
    const base = { key: obj.key, date: obj.lastModified.toISOString(), size: obj.size };
    try {
      const head = await readMessageHead(source, obj, HEAD_BYTES, { mayHaveInstructionFile: listing.instructionFiles.has(obj.key) });
      const s = summaryFromHead(head.head, { complete: head.complete });
      return { ...base, from: s.from?.address ?? '', subject: s.subject, encrypted: head.info.encrypted, error: undefined as string | undefined };
    } catch (err) {
      return { ...base, from: '', subject: '', encrypted: true, error: operatorText(err) };
    }
  });
  for (const r of rows) {
    if (opts.json) out.write(JSON.stringify(r) + '\n');
    else {
      const state = r.error ? `error: ${r.error}` : r.encrypted ? 'encrypted' : 'plain';
      out.write([r.key, r.date, String(r.size), r.from || '-', JSON.stringify(r.subject), state].join('\t') + '\n');
    }
  }
}

/** The header block of a raw message: everything up to and including the first empty line. */
export function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((i) => i >= 0);
  return ends.length ? raw.subarray(0, Math.min(...ends)) : raw;
}

export async function cat(opts: { url: string; headers: boolean; kmsKey?: string }, out: Out): Promise<void> {
  const { bucket, path: key } = parseS3Url(opts.url);
  const slash = key.lastIndexOf('/');
  if (!key || slash === key.length - 1) throw new UsageError('give the object key: s3://BUCKET/PREFIX/MESSAGE_ID');
  const source = cliSource(bucket, key.slice(0, slash + 1), opts.kmsKey);
  const { raw } = await readMessage(source, key.slice(slash + 1));
  out.write(opts.headers ? headerBlock(raw) : raw);
}

export async function doctorCommand(out: Out): Promise<boolean> {
  const { doctor } = await import('@/lib/doctor');
  const lines = await doctor(process.env);
  let scope = '';
  for (const l of lines) {
    if (l.scope !== scope) out.write(`${(scope = l.scope)}\n`);
    out.write(`  ${l.ok ? 'ok     ' : 'MISSING'} ${l.check}: ${l.detail}\n`);
    if (l.statement) out.write(`          add this statement (IAM policy of the role, and the key policy for kms:Decrypt):\n          ${JSON.stringify(l.statement)}\n`);
  }
  return lines.every((l) => l.ok);
}
