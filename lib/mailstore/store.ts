import 'server-only';

// An object store holding SES's objects: S3 in production, a local folder in the demo.

export interface StoredObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
}

export interface StoredObject extends StoredObjectInfo {
  body: Buffer;
  /** User metadata, lower-case keys without the x-amz-meta- prefix. */
  metadata: Record<string, string>;
  contentType?: string;
}

export interface PutInput {
  key: string;
  body: Buffer;
  metadata: Record<string, string>;
  contentType?: string;
  /** Honoured by the local store only (demo seeding); S3 sets its own. */
  lastModified?: Date;
}

export interface ObjectStore {
  /** A short human description for messages ("s3://bucket", "local folder .demo/store"). */
  readonly description: string;
  /** `limit` asks the backend for at most that many keys per request (a cheap probe). */
  list(prefix: string, opts?: { limit?: number }): AsyncIterable<StoredObjectInfo>;
  /** Whole object, or bytes [start, end] inclusive when a range is given. */
  get(key: string, range?: { start: number; end: number }): Promise<StoredObject>;
  /** Null when the object does not exist. */
  getIfExists(key: string): Promise<StoredObject | null>;
  /** Size and date without the body (S3 HeadObject); null when the object does not exist. */
  head(key: string): Promise<StoredObjectInfo | null>;
  put(input: PutInput): Promise<void>;
}
