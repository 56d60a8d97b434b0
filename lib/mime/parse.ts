import 'server-only';
import { MailParser } from 'mailparser';
import type { AttachmentInfo, HeaderLine } from '@/lib/types';
import { listAttachments } from './attachments';
import { Deadline, TooComplexError, resolveLimits, type MimeLimits } from './limits';
import { displayHeaders, readFields, type MessageFields } from './message-fields';
import { buildSkeleton, textBytes } from './skeleton';
import { scanMime } from './structure';

// Raw RFC 5322 bytes to what the message view shows. Attachments are listed and sized from the
// scanned structure but never decoded here; only text parts go through mailparser.

export interface ParsedMessage extends MessageFields {
  /** All top-level headers in their original order, unfolded, encoded words decoded. */
  headers: HeaderLine[];
  /** The message's HTML as sent: NOT sanitized. Pass it through sanitizeEmailHtml. */
  html: string | null;
  text: string | null;
  attachments: AttachmentInfo[];
  /** Set when a limit was crossed; headers are still filled when they could be read. */
  tooComplex?: string;
}

export interface ParseOptions {
  limits?: Partial<MimeLimits>;
}

interface Bodies {
  html: string | null;
  text: string | null;
}

// mailparser turns plain text parts that sit next to HTML (a list footer in multipart/mixed)
// into HTML too; on megabytes of text that costs seconds, so large messages skip it.
const TEXT_TO_HTML_MAX_BYTES = 512 * 1024;

function runMailParser(skeleton: Buffer, deadline: Deadline): Promise<Bodies> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({
      skipHtmlToText: true,
      skipTextToHtml: skeleton.length > TEXT_TO_HTML_MAX_BYTES,
      skipImageLinks: true,
      checksumAlgo: false,
    });
    let bodies: Bodies = { html: null, text: null };
    const timer = setTimeout(() => {
      parser.destroy();
      reject(new TooComplexError('parsing took too long'));
    }, deadline.remaining());
    parser.on('data', (data) => {
      if (data.type === 'attachment') {
        // The skeleton holds no attachments; release anything mailparser still calls one.
        data.content.resume();
        data.release?.();
      } else {
        // mailparser reports a message without a text part as text "" when HTML-to-text is off.
        bodies = { html: data.html || null, text: data.text || null };
      }
    });
    parser.on('error', (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    });
    parser.on('end', () => {
      clearTimeout(timer);
      resolve(bodies);
    });
    parser.end(skeleton);
  });
}

export async function parseMessage(raw: Buffer, opts: ParseOptions = {}): Promise<ParsedMessage> {
  const limits = resolveLimits(opts.limits);
  const deadline = new Deadline(limits.timeoutMs);
  const tree = scanMime(raw, { limits, deadline });
  const root = tree.root;
  const base: ParsedMessage = {
    ...readFields(root?.headers ?? []),
    headers: displayHeaders(root?.headers ?? []),
    html: null,
    text: null,
    attachments: [],
  };
  if (tree.tooComplex || !root) return { ...base, tooComplex: tree.tooComplex ?? 'the message could not be read' };
  try {
    if (textBytes(root) > limits.maxTextBytes) {
      throw new TooComplexError(`the message text is larger than ${limits.maxTextBytes} bytes`);
    }
    const attachments = listAttachments(root, raw, { sizes: true }).map((a) => a.info);
    deadline.check();
    const bodies = await runMailParser(buildSkeleton(root, raw), deadline);
    return { ...base, ...bodies, attachments };
  } catch (err) {
    const reason = err instanceof TooComplexError ? err.reason : 'the message body could not be decoded';
    return { ...base, tooComplex: reason };
  }
}
