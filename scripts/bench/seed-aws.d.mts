// Types for seed-aws.mjs.

/** Structurally the SDK's AwsCredentialIdentity (STS AssumeRole* results map onto it). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export declare const FIXTURE_SEED: number;

export interface AwsFixtures {
  bucket: string;
  keyId: string;
  keyArn: string;
  keyAlias: string;
}

export interface MotoClientConfig {
  endpoint: string;
  region: 'us-east-1';
  credentials: AwsCredentialIdentity;
}

export interface MotoS3ClientConfig extends MotoClientConfig {
  forcePathStyle: true;
  requestChecksumCalculation: 'WHEN_REQUIRED';
}

/** Options for any SDK v3 client talking to moto; dummy credentials unless given. */
export declare function awsConfig(endpoint: string, credentials?: AwsCredentialIdentity): MotoClientConfig;
/** S3 client options for moto: path-style, checksums only where required. */
export declare function s3Config(endpoint: string, credentials?: AwsCredentialIdentity): MotoS3ClientConfig;

/** POST /moto-api/reset, then seed moto's id generator (unless `seed: null`). */
export declare function resetMoto(endpoint: string, options?: { seed?: number | null }): Promise<void>;

/** Creates (or finds) the bucket and the symmetric KMS key with its alias. */
export declare function createFixtures(
  endpoint: string,
  options?: { bucket?: string; keyAlias?: string },
): Promise<AwsFixtures>;
