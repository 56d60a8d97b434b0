import 'server-only';
import pino from 'pino';

// Structured JSON logs on stdout. What may be logged: request ids, people's emails, mailbox ids,
// object keys, statuses, durations, KMS key ids. Never message content, subjects, data keys,
// tokens or credentials — the redaction below is a second line of defence, not the first.

let logger: pino.Logger | undefined;

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? 'info',
    base: { app: 'sesame' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.idToken', '*.refreshToken', '*.accessToken', '*.secretAccessKey', '*.sessionToken', '*.credentials', '*.cookie', '*.authorization', '*.subject', '*.plaintext'],
      censor: '[redacted]',
    },
  }, destination);
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
