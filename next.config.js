// @ts-check

// Headers for every response, static files and API included. The page CSP (with a per-request
// nonce) and HSTS are set at run time in proxy.ts; these do not depend on settings.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // mailparser/jsdom pull in Node built-ins and optional deps; keep them out of the server bundle.
  // PGlite loads its WebAssembly and data files from beside its own module; pg has optional native bits.
  serverExternalPackages: ['mailparser', 'jsdom', 'pino', 'oidc-provider', '@electric-sql/pglite', 'pg'],
  // The local store reads folders chosen at run time, so the tracer copies the sources beside it
  // into the standalone output; keep at least the tests out. (Globs match inside node_modules
  // too: a pattern like 'lib/**' would drop jsdom's and mailparser's own lib folders.)
  outputFileTracingExcludes: {
    '*': ['**/*.test.ts'],
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
