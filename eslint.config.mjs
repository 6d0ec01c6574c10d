import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const schemaForApp = {
  name: "@/db/schema",
  allowTypeImports: true,
  message: "app/ reads and writes through lib/; only `import type` of row types is allowed",
};
const dbClientForApp = {
  name: "@/db/client",
  allowTypeImports: true,
  message: "pages read through lib/ (lib/pages); only actions and route handlers pass the database to lib/ commands",
};
const drizzleForApp = { group: ["drizzle-orm", "drizzle-orm/*"], message: "app/ writes no SQL: call a lib/ query or command" };

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
  {
    files: ["app/**"],
    rules: {
      // Pages, actions and routes call lib/; only lib/ holds SQL and the query builder. Row types
      // (ArticleStatus, UserRole, …) are the domain's words, so `import type` from the schema is
      // allowed: it brings no table or driver code along.
      "no-restricted-imports": ["error", { paths: [schemaForApp], patterns: [drizzleForApp] }],
    },
  },
  {
    // Pages, layouts and components read through lib/ functions that take no database (lib/pages);
    // only a server action or route handler, the unit of work, hands the primary to lib/ commands.
    files: ["app/**"],
    ignores: ["app/**/actions.ts", "app/**/route.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [schemaForApp, dbClientForApp], patterns: [drizzleForApp] }],
    },
  },
];

export default config;
