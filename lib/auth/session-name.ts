import 'server-only';
import { createHash } from 'node:crypto';

const MAX = 64;

/**
 * STS RoleSessionName from an email: CloudTrail shows it in every assumed-role ARN, so keep it
 * readable. STS allows [\w+=,.@-] and 2..64 characters; anything else becomes "-". A name too
 * long is cut and ends with a short hash of the whole email, so two long emails sharing a
 * prefix still get different names.
 */
export function roleSessionName(email: string): string {
  const clean = email.trim().toLowerCase().replace(/[^\w+=,.@-]/g, '-');
  let name = clean;
  if (name.length > MAX) {
    const hash = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 8);
    name = `${clean.slice(0, MAX - hash.length - 1)}-${hash}`;
  }
  if (name.length < 2) name = `${name}--`.slice(0, 2);
  return name;
}
