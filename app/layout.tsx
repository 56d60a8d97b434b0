import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { ThemeScript } from '@/components/ui/ThemeScript';
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
    // The theme script sets the dark class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
      </body>
    </html>
  );
}
