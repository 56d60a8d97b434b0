import { messageDetail } from '@/lib/mailstore/service';
import { mailRoute } from '../mail-route';
import { flag, messageParams } from '../params';
import { NO_STORE } from '../response-headers';

export const dynamic = 'force-dynamic';

/** GET → MessageDetail; `?remote=1` lets the sanitizer keep remote images. */
export const GET = mailRoute(messageParams, async ({ url, params, source }) => {
  const detail = await messageDetail(source, params.id, { allowRemote: flag(url, 'remote') });
  return Response.json(detail, { headers: NO_STORE });
});
