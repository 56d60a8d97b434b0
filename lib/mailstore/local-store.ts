import 'server-only';
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStore, PutInput, StoredObject, StoredObjectInfo } from './store';
import { StoreError } from './store-errors';

interface SideCar {
  metadata: Record<string, string>;
  lastModified: string;
  etag: string;
  contentType?: string;
}

/**
 * A local folder standing in for a bucket (the embedded demo): bodies under objects/, user
 * metadata beside them under meta/. Bodies are stored exactly as S3 would hold them (ciphertext).
 */
export class LocalStore implements ObjectStore {
  readonly description: string;
  private readonly objects: string;
  private readonly meta: string;

  constructor(readonly root: string) {
    this.description = `local folder ${root}`;
    this.objects = path.join(root, 'objects');
    this.meta = path.join(root, 'meta');
  }

  private file(base: string, key: string, suffix = ''): string {
    const parts = key.split('/');
    if (!key || key.startsWith('/') || key.includes('\\') || key.includes('\0') || parts.some((p) => p === '..' || p === '.')) {
      throw new StoreError('invalid-key', 'That message id is not valid in this mailbox.', false, `The object key ${JSON.stringify(key)} is not valid.`);
    }
    return path.join(base, ...parts) + suffix;
  }

  async *list(prefix: string): AsyncIterable<StoredObjectInfo> {
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), key);
        else if (e.isFile() && key.startsWith(prefix) && !e.name.endsWith('.tmp')) keys.push(key);
      }
    };
    await walk(this.objects, '');
    // Byte order of the UTF-8 keys, as S3 lists them (the index merges listings in that order).
    keys.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
    for (const key of keys) {
      const info = await this.info(key);
      if (info) yield info;
    }
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    this.file(this.objects, key);
    return this.info(key);
  }

  private async info(key: string): Promise<StoredObjectInfo | null> {
    try {
      const [st, side] = await Promise.all([stat(this.file(this.objects, key)), this.sideCar(key)]);
      return { key, size: st.size, lastModified: side ? new Date(side.lastModified) : st.mtime, etag: side?.etag ?? `"${st.mtimeMs}-${st.size}"` };
    } catch {
      return null;
    }
  }

  private async sideCar(key: string): Promise<SideCar | null> {
    try {
      return JSON.parse(await readFile(this.file(this.meta, key, '.json'), 'utf8')) as SideCar;
    } catch {
      return null;
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<StoredObject> {
    const got = await this.getIfExists(key, range);
    if (!got) throw new StoreError('not-found', 'There is no such message in this mailbox (it may have been deleted).', false, `There is no object ${key} in the ${this.description}.`);
    return got;
  }

  async getIfExists(key: string, range?: { start: number; end: number }): Promise<StoredObject | null> {
    const file = this.file(this.objects, key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch {
      return null;
    }
    try {
      const size = (await handle.stat()).size;
      const start = range ? Math.min(range.start, size) : 0;
      const end = range ? Math.min(range.end + 1, size) : size;
      const body = Buffer.alloc(end - start);
      let read = 0;
      while (read < body.length) {
        const { bytesRead } = await handle.read(body, read, body.length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      const side = await this.sideCar(key);
      return {
        key,
        body: body.subarray(0, read),
        size,
        lastModified: side ? new Date(side.lastModified) : new Date(0),
        etag: side?.etag ?? '',
        metadata: side?.metadata ?? {},
        contentType: side?.contentType,
      };
    } finally {
      await handle.close();
    }
  }

  async put(input: PutInput): Promise<void> {
    const file = this.file(this.objects, input.key);
    const metaFile = this.file(this.meta, input.key, '.json');
    await mkdir(path.dirname(file), { recursive: true });
    await mkdir(path.dirname(metaFile), { recursive: true });
    const side: SideCar = {
      metadata: Object.fromEntries(Object.entries(input.metadata).map(([k, v]) => [k.toLowerCase(), v])),
      lastModified: (input.lastModified ?? new Date()).toISOString(),
      etag: `"${createHash('md5').update(input.body).digest('hex')}"`,
      contentType: input.contentType,
    };
    // Metadata first, then the body by rename: a listing never sees a body without its envelope.
    await writeFile(metaFile, JSON.stringify(side));
    await writeFile(`${file}.tmp`, input.body);
    await rename(`${file}.tmp`, file);
  }
}
