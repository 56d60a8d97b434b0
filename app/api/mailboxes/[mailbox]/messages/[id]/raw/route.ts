import { rawMessage } from '@/lib/mailstore/service';
import { mailRoute } from '../../mail-route';
import { messageParams } from '../../params';
import { BYTES_HEADERS } from '../../response-headers';

export const dynamic = 'force-dynamic';

/** GET → the message as received (decrypted), as an .eml download. */
export const GET = mailRoute(messageParams, async ({ params, source }) => {
  const raw = await rawMessage(source, params.id);
  return new Response(new Uint8Array(raw), {
    headers: {
      ...BYTES_HEADERS,
      'content-type': 'message/rfc822',
      'content-disposition': `attachment; filename="${params.id}.eml"`,
      'content-length': String(raw.length),
    },
  });
});
