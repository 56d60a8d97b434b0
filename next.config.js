// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // mailparser/jsdom pull in Node built-ins and optional deps; keep them out of the server bundle.
  serverExternalPackages: ['mailparser', 'jsdom', 'isomorphic-dompurify', 'pino', 'oidc-provider'],
};

module.exports = nextConfig;
