// @ts-check

/**
 * Telemetry is turned off through the environment (NEXT_TELEMETRY_DISABLED=1), not here: Next has
 * no config switch for it.
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
}

module.exports = nextConfig
