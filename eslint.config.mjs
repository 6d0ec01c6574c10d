import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    files: ["lib/**", "db/**"],
    rules: {
      // Data flows route → lib → Drizzle: lib never reaches back into app/.
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*"], message: "lib/ and db/ must not import from app/" }] }],
    },
  },
];

export default config;
