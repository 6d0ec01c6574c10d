import { describe, expect, it } from "vitest";
import { adminContentSecurityPolicy, baseSecurityHeaders, readerContentSecurityPolicy } from "@/lib/http/security-headers";

const headerNames = (siteUrl: string | undefined) => baseSecurityHeaders(siteUrl).map((header) => header.key);

describe("security headers", () => {
  it("sends Strict-Transport-Security only when SITE_URL is https", () => {
    expect(headerNames("https://news.example")).toContain("Strict-Transport-Security");
    expect(baseSecurityHeaders("https://news.example").find((header) => header.key === "Strict-Transport-Security")?.value).toBe(
      "max-age=31536000; includeSubDomains",
    );
    for (const siteUrl of ["http://news.example", "http://127.0.0.1:3000", undefined, "", "not a url", "ftp://news.example"]) {
      expect(headerNames(siteUrl), String(siteUrl)).not.toContain("Strict-Transport-Security");
    }
  });

  it("always sends Permissions-Policy and the older hardening headers", () => {
    const headers = Object.fromEntries(baseSecurityHeaders("http://news.example").map((header) => [header.key, header.value]));
    expect(headers["Permissions-Policy"]).toMatch(/camera=\(\)/);
    expect(headers["Permissions-Policy"]).toMatch(/microphone=\(\)/);
    expect(headers["Permissions-Policy"]).toMatch(/geolocation=\(\)/);
    expect(headers["Permissions-Policy"]).toMatch(/browsing-topics=\(\)/);
    expect(headers).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN" });
  });

  it("gives reader pages a policy without per-request values, so one cached copy serves everyone", () => {
    for (const directive of ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'", "connect-src 'self'"]) {
      expect(readerContentSecurityPolicy).toContain(directive);
    }
    expect(readerContentSecurityPolicy).not.toMatch(/nonce-|strict-dynamic|https?:|\*/);
  });

  it("lets only scripts with the request's nonce run in the admin", () => {
    const policy = adminContentSecurityPolicy("abc123");
    expect(policy).toMatch(/script-src 'self' 'nonce-abc123' 'strict-dynamic'(;|$)/);
    expect(policy.match(/script-src [^;]*/)?.[0]).not.toContain("'unsafe-inline'");
    for (const directive of ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'"]) expect(policy).toContain(directive);
  });
});
