import NextAuth from 'next-auth';
import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { authOptions, PROVIDER_ID } from '@/lib/auth/options';
import { safeReturnTo } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per request from the running environment, never at build time.
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const options = authOptions();
  const [action, provider] = (await ctx.params).nextauth ?? [];
  const idpError = req.nextUrl.searchParams.get('error');
  if (req.method === 'GET' && action === 'callback' && provider === PROVIDER_ID && idpError) {
    // The IdP said no (access_denied, login_required, …). next-auth would report only
    // "Callback"; keep the IdP's own code so the sign-in page can say what happened.
    const jar = await cookies();
    const back = jar.getAll().find((c) => c.name.endsWith('next-auth.callback-url'))?.value;
    const code = /^[A-Za-z_]{1,64}$/.test(idpError) ? idpError : 'Callback';
    const url = new URL('/signin', process.env.NEXTAUTH_URL ?? req.nextUrl.origin);
    url.searchParams.set('callbackUrl', safeReturnTo(back));
    url.searchParams.set('error', code);
    return NextResponse.redirect(url, 303);
  }
  return NextAuth(req, ctx, options) as Promise<Response>;
}

export { handler as GET, handler as POST };
