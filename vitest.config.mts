import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
};

export default defineConfig({
  resolve: { alias },
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    projects: [
      {
        resolve: { alias },
        oxc: { jsx: { runtime: "automatic" } },
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts"],
          environment: "node",
          // Each file opens its own database (PGlite in memory, or a fresh Postgres schema);
          // one file at a time keeps a 2-core machine responsive.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "edge",
          include: ["tests/edge/**/*.test.ts"],
          environment: "node",
          // Each file starts its own varnishd and origin on free ports; one at a time is plenty.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "replica",
          include: ["tests/replica/**/*.test.ts"],
          environment: "node",
          // A streaming replica on port 5433 (scripts/dev-replica.sh), shared: one file at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "redis",
          include: ["tests/redis/**/*.test.ts"],
          environment: "node",
          // The machine's Redis, keys under a random prefix per file; one file at a time.
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
    ],
  },
});
