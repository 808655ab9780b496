import type { Config } from 'tailwindcss'

/**
 * Tailwind 4 is configured in CSS (app/globals.css) and detects class names by itself; this file is
 * kept, loaded from globals.css with `@config`, as the one place for settings that CSS cannot hold.
 * `content` names where the app's class names live (scanned in addition to automatic detection).
 */
const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}', './hooks/**/*.{ts,tsx}', './lib/**/*.{ts,tsx}'],
}

export default config
