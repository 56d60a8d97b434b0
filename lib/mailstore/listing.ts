import 'server-only';
import type { MailSource } from './mail-source';
import { isMailKey } from './message';
import type { StoredObjectInfo } from './store';

export interface MailListing {
  /** Mail objects, newest first (SES keys are random: date order needs the whole listing). */
  messages: StoredObjectInfo[];
  /** Keys that have an instruction file beside them. */
  instructionFiles: Set<string>;
  listedAt: Date;
}

export async function listMail(source: MailSource): Promise<MailListing> {
  const messages: StoredObjectInfo[] = [];
  const instructionFiles = new Set<string>();
  for await (const obj of source.store.list(source.prefix)) {
    if (obj.key.endsWith('.instruction')) instructionFiles.add(obj.key.slice(0, -'.instruction'.length));
    else if (isMailKey(source.prefix, obj.key)) messages.push(obj);
  }
  messages.sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || (a.key < b.key ? -1 : 1));
  return { messages, instructionFiles, listedAt: new Date() };
}

/** Run `fn` over `items` with at most `limit` in flight, keeping input order in the result. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
