const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  // Browsers heed this only over https, so it is safe to send on plain-http installs too.
  { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
];

const apiHeaders = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
  { key: "Cache-Control", value: "no-store, no-transform" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // .next/standalone: the server and only the node_modules files it uses (see the Dockerfile).
  output: "standalone",
  // forbidden(): the admin page answers a plain user with 403, as the admin API does.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Share links are for the people they are given to: never indexed, never kept by a cache.
      {
        source: "/share/:path*",
        headers: [
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Cache-Control", value: "private, no-store" },
        ],
      },
      // Pages get a per-request CSP with a nonce from proxy.ts; JSON and event streams need nothing.
      // Every API answer is private to its caller: no cache on the way may keep a copy.
      // (A file's own route, /api/files/<id>, sets its own: a sandboxing CSP, and caching by its owner.)
      { source: "/api", headers: apiHeaders },
      { source: "/api/:path((?!files/).*)", headers: apiHeaders },
    ];
  },
};

export default nextConfig;
