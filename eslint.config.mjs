import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Next's own rules (React, hooks, Core Web Vitals, TypeScript). Build output and generated code are not linted.
const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    // A leading underscore marks a parameter or binding that is unused on purpose.
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // CommonJS on purpose: forge runs this file directly as its solc.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    ignores: [
      ".next/**",
      ".next-bench/**",
      "bench/tmp/**",
      "node_modules/**",
      "contracts/**",
      "lib/generated.ts",
      "playwright-report/**",
      "test-results/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
