import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Sesame',
  description: 'Your SES mail, read with your own IAM credentials',
};

// Every page is rendered per request: the CSP nonce that proxy.ts sets must reach Next's own
// scripts, and a statically prerendered page (even /_not-found) would carry none.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
      </body>
    </html>
  );
}
