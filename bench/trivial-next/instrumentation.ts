// Stands in for the portal's instrumentation.ts, which Turbopack would otherwise find upward (see proxy.ts).
export function register() {}
