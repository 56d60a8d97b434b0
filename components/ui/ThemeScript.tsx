import { headers } from 'next/headers';
import { THEME_INIT } from './theme';

/**
 * Sets the `dark` class before the page paints (no flash). The page CSP allows inline script
 * only with this request's nonce, which proxy.ts passes in the x-nonce request header.
 */
export async function ThemeScript() {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: THEME_INIT }} />;
}
