import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/*/.next/**", "bench/*/next-env.d.ts"],
  },
  {
    rules: {
      // Images are served by our own resizer (app/media) with explicit width and height, so
      // next/image's optimizer adds nothing but a second pipeline.
      "@next/next/no-img-element": "off",
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
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
