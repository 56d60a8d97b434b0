import { z } from 'zod';
import { messageState } from '@/lib/index/service';
import { mailRoute } from '../../mail-route';
import { messageParams } from '../../params';
import { NO_STORE } from '../../response-headers';

export const dynamic = 'force-dynamic';

const statePatch = z
  .object({ read: z.boolean().optional(), starred: z.boolean().optional(), done: z.boolean().optional() })
  .strict()
  .refine((p) => p.read !== undefined || p.starred !== undefined || p.done !== undefined, 'give read, starred or done');

export type MessageStateResponse = { read: boolean; starred: boolean; done: boolean };

/** POST {read?, starred?, done?} → the reader's own state of this message (nothing in S3 changes). */
export const POST = mailRoute(messageParams, async ({ req, params, source }) => {
  // JSON only: a cross-site form cannot send it without a CORS preflight, which this app never allows.
  if (!req.headers.get('content-type')?.startsWith('application/json')) {
    return Response.json({ error: 'Send the state as JSON.', code: 'unsupported-media-type' }, { status: 415, headers: NO_STORE });
  }
  const patch = statePatch.parse(await req.json().catch(() => null));
  const body: MessageStateResponse = await messageState(source, params.id, patch);
  return Response.json(body, { headers: NO_STORE });
});
