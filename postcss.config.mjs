/** Tailwind 4 runs as a PostCSS plugin; there is no separate tailwind CLI step. */
const config = {
  plugins: { '@tailwindcss/postcss': {} },
}

export default config
