// @ts-check
// The trivial Next app `npm run bench:http` measures as the framework's floor. It is built with
// the portal's own node_modules (`next build bench/trivial-next`), so Turbopack's root is the repo
// (it refuses a node_modules outside its root). proxy.ts and instrumentation.ts here only keep
// Turbopack from picking up the portal's, which it finds by looking upward from this folder.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const path = require("node:path");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
  turbopack: { root: path.join(__dirname, "..", "..") },
};

module.exports = nextConfig;
