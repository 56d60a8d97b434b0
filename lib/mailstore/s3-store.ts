import 'server-only';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore, PutInput, StoredObject, StoredObjectInfo } from './store';
import { StoreError } from './store-errors';

type S3Like = Pick<S3Client, 'send'>;

/** The bucket, read with whatever credentials the S3 client was built with (the person's own). */
export class S3Store implements ObjectStore {
  readonly description: string;

  constructor(
    private readonly s3: S3Like,
    readonly bucket: string,
  ) {
    this.description = `s3://${bucket}`;
  }

  async *list(prefix: string, opts: { limit?: number } = {}): AsyncIterable<StoredObjectInfo> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: opts.limit }));
      } catch (err) {
        throw StoreError.fromS3(err, 's3:ListBucket', `s3://${this.bucket}/${prefix}`);
      }
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        yield { key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag ?? '' };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async get(key: string, range?: { start: number; end: number }): Promise<StoredObject> {
    let out;
    try {
      out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
    } catch (err) {
      throw StoreError.fromS3(err, 's3:GetObject', `s3://${this.bucket}/${key}`);
    }
    // A view on the SDK's bytes, not a copy: a 40 MB message should exist once before decryption.
    const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const total = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : (out.ContentLength ?? body.length);
    return {
      key,
      body,
      size: Number.isFinite(total) ? total : body.length,
      lastModified: out.LastModified ?? new Date(0),
      etag: out.ETag ?? '',
      metadata: out.Metadata ?? {},
      contentType: out.ContentType,
    };
  }

  async getIfExists(key: string): Promise<StoredObject | null> {
    try {
      return await this.get(key);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'not-found') return null;
      throw err;
    }
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    let out;
    try {
      out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      const e = StoreError.fromS3(err, 's3:GetObject', `s3://${this.bucket}/${key}`);
      if (e.code === 'not-found') return null;
      throw e;
    }
    return { key, size: out.ContentLength ?? 0, lastModified: out.LastModified ?? new Date(0), etag: out.ETag ?? '' };
  }

  async put(input: PutInput): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: input.key,
          Body: input.body,
          Metadata: input.metadata,
          ContentType: input.contentType,
        }),
      );
    } catch (err) {
      throw StoreError.fromS3(err, 's3:PutObject', `s3://${this.bucket}/${input.key}`);
    }
  }
}
