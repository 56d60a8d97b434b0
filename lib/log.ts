import 'server-only';
import pino from 'pino';

// Structured JSON logs on stdout. What may be logged: request ids, people's emails, mailbox ids,
// object keys, statuses, durations, KMS key ids. Never message content, subjects, data keys,
// tokens or credentials — the redaction below is a second line of defence, not the first.

const CENSOR = '[redacted]';
// Compared after lower-casing and dropping everything but letters and digits, so idToken,
// id_token, ID-Token and x-amz-security-token all match.
const SECRET_NAMES = new Set([
  'credentials', 'credential', 'cookie', 'cookies', 'setcookie', 'authorization', 'proxyauthorization',
  'subject', 'plaintext', 'password', 'passphrase', 'secret', 'clientsecret', 'nextauthsecret',
  'secretaccesskey', 'awssecretaccesskey', 'datakey', 'plaintextkey', 'masterkey', 'privatekey', 'apikey', 'signingkey',
]);
const SECRET_SUFFIXES = ['token', 'secret', 'password'];
// A JWT (ID tokens are AWS credentials in web-identity mode) wherever it appears in a string.
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const MAX_DEPTH = 16;
const MAX_NODES = 5_000;
const MAX_LINE = 1024 * 1024;

function isSecretName(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_NAMES.has(k) || SECRET_SUFFIXES.some((s) => k.endsWith(s));
}

/**
 * A redacted copy of one parsed log line, at any depth. pino's own `redact` takes explicit paths
 * only (one level of `*`), so the line is walked instead, with bounds on depth and node count so a
 * hostile value cannot make logging expensive.
 */
export function redactDeep(value: unknown): unknown {
  let nodes = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (++nodes > MAX_NODES) return '[truncated]';
    if (typeof v === 'string') return v.replace(JWT, CENSOR);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (Array.isArray(v)) {
      const items: unknown[] = [];
      for (const item of v) {
        if (nodes >= MAX_NODES) {
          items.push('[truncated]');
          break;
        }
        items.push(walk(item, depth + 1));
      }
      return items;
    }
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      if (nodes >= MAX_NODES) {
        out['…'] = '[truncated]';
        break;
      }
      out[k] = isSecretName(k) ? CENSOR : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

function redactLine(line: string): string {
  if (line.length > MAX_LINE) return JSON.stringify({ app: 'sesame', level: 50, msg: 'a log line was too long and was dropped', length: line.length });
  try {
    return JSON.stringify(redactDeep(JSON.parse(line)));
  } catch {
    return JSON.stringify({ app: 'sesame', level: 50, msg: 'a log line could not be redacted and was dropped' });
  }
}

/**
 * Redaction sits on the destination, after pino has serialized everything (errors with their own
 * properties, child-logger bindings, the message), so nothing reaches stdout unwalked.
 */
function redacting(destination: pino.DestinationStream): pino.DestinationStream {
  return {
    write(chunk: string) {
      const lines = chunk.split('\n').filter((l) => l !== '');
      destination.write(lines.map(redactLine).join('\n') + '\n');
    },
  };
}

let logger: pino.Logger | undefined;

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { app: 'sesame' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    redacting(destination ?? pino.destination({ dest: 1, sync: true })),
  );
}

export function log(): pino.Logger {
  logger ??= createLogger();
  return logger;
}

/**
 * One audit line per message read: who read which message under which KMS key, and whether this
 * read decrypted it (a KMS Decrypt in CloudTrail) or was served from this replica's memory.
 */
export function auditRead(entry: { reader: string; mailbox: string; key: string; kmsKeyId?: string; encrypted: boolean; decrypted: boolean }): void {
  log().info({ event: 'message.read', ...entry }, 'message read');
}
