// @ts-check

/**
 * Telemetry is turned off through the environment (NEXT_TELEMETRY_DISABLED=1), not here: Next has
 * no config switch for it.
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  // A second build can live beside the e2e one (`npm run bench` builds into .next-bench).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // NEXT_SOURCEMAPS=1: browser source maps, to attribute first-load bytes to modules while cutting bundles.
  productionBrowserSourceMaps: process.env.NEXT_SOURCEMAPS === '1',
}

module.exports = nextConfig
