import { requireApiUser } from '@/lib/auth/session';
import { errorResponse } from '@/lib/http';
import { rawMessage } from '@/lib/mailstore/service';
import { sourceFor } from '@/lib/auth/reader-source';
import { messageParams } from '../../params';
import { BYTES_HEADERS } from '../../response-headers';

export const dynamic = 'force-dynamic';

/** GET → the message as received (decrypted), as an .eml download. */
export async function GET(_req: Request, { params }: { params: Promise<{ mailbox: string; id: string }> }): Promise<Response> {
  try {
    const ctx = await requireApiUser();
    const { mailbox, id } = messageParams.parse(await params);
    const source = await sourceFor(ctx, mailbox);
    const raw = await rawMessage(source, id);
    return new Response(new Uint8Array(raw), {
      headers: {
        ...BYTES_HEADERS,
        'content-type': 'message/rfc822',
        'content-disposition': `attachment; filename="${id}.eml"`,
        'content-length': String(raw.length),
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
