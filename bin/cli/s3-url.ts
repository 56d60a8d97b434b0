/** s3://BUCKET/PREFIX/ or s3://BUCKET/PREFIX/KEY. */
export function parseS3Url(url: string): { bucket: string; path: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new UsageError(`expected s3://BUCKET/PREFIX/…, got ${JSON.stringify(url)}`);
  return { bucket: m[1]!, path: m[2] ?? '' };
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
