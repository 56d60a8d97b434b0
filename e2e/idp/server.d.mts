export interface IdpPerson {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  password: string;
}
export interface IdpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  [key: string]: unknown;
}
export interface RunningIdp {
  issuer: string;
  port: number;
  provider: unknown;
  stats: { authorizationCode: number; refreshToken: number; endSession: number };
  close(): Promise<void>;
}
export declare const PEOPLE: IdpPerson[];
export declare const DEFAULT_CLIENT_ID: string;
export declare const DEFAULT_CLIENT_SECRET: string;
export declare function clientFor(origins: string | string[], options?: { clientId?: string; clientSecret?: string; providerId?: string }): IdpClient;
export declare function startIdp(options?: {
  port?: number;
  host?: string;
  clients?: IdpClient[];
  appOrigins?: string[];
  people?: IdpPerson[];
  ttl?: { idToken?: number; accessToken?: number; refreshToken?: number };
  quiet?: boolean;
}): Promise<RunningIdp>;
