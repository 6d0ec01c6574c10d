vcl 4.1;
# The edge in front of the Next.js origin (DESIGN.md "Caching and speed"), for Varnish 7.1 with
# varnish-modules 0.20 (vmod xkey).
#
# This file is a template. scripts/lib/varnish.ts renders it (npm run edge) by replacing each
# NAME in double braces, so the same file serves one origin on a laptop and N origins in production:
#   BACKENDS          one `backend` per origin instance, each watched by the probe below
#   DIRECTOR_MEMBERS  adds each of them to the round-robin director
#   PURGE_ACL         who may PURGE (default: 127.0.0.1 and ::1)
#   HEALTHY_GRACE     how stale a copy may be served while the origin is healthy (default 10s)
#   RETRIES           how many other origins a failed GET/HEAD is tried on (origins - 1)
#   RETRY_DIRECTORS   per origin, a fallback director over the others (a retry never goes back
#   RETRY_ROUTING     to the origin that just failed), and the choice of one on a retry
# For a systemd varnishd, render it once:
#   npm run --silent edge -- --origin 10.0.0.11:3000,10.0.0.12:3000 --purge-acl 10.0.0.0/24 --print-vcl > /etc/varnish/default.vcl
#
# What it does:
# - Public GET/HEAD pages are cached by host + URL for the origin's s-maxage; cookies are ignored
#   there, and a response that sets a cookie is never stored.
# - /admin, /api, and any request carrying a next-auth session cookie go straight to the origin.
# - The origin lists each page's cache tags in an `xkey` header; vmod xkey indexes objects by it,
#   and `PURGE` with `xkey-purge: key1 key2 ...` from the ACL drops every object with one of them.
#   The header is removed before a reader sees it.
# - Grace: while the origin is healthy a copy up to HEALTHY_GRACE past its TTL is served while a
#   fresh one renders in the background; when the origin is down (probe sick, connection refused)
#   or answers 5xx, any copy up to 24 h old is served instead of the error (stale-if-error).

import std;
import directors;
import xkey;

probe origin_health {
    # robots.txt does not touch the database: a slow database must not mark every origin sick.
    .url = "/robots.txt";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    # Start healthy: the first readers should not wait for three probes.
    .initial = 3;
}

{{BACKENDS}}

acl purgers {
{{PURGE_ACL}}
}

sub vcl_init {
    new origin = directors.round_robin();
{{DIRECTOR_MEMBERS}}
{{RETRY_DIRECTORS}}
}

sub vcl_recv {
    if (req.restarts == 0) {
        # Internal markers are set by this VCL only, never by a client.
        unset req.http.x-edge-stale-if-error;
        unset req.http.x-edge-purged;
        unset req.http.x-edge-pass;
    }
    set req.backend_hint = origin.backend();

    if (req.url == "/__edge/health") {
        # Answered by Varnish itself: proves the edge is up without touching an origin.
        return (synth(200, "OK"));
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header required"));
        }
        # A hard purge: a publish must show on the very next request, not after one stale hit.
        set req.http.x-edge-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }

    # Editors and the dashboard always see the origin. So does every /api request, including the
    # «الأكثر قراءة» view beacon (POST /api/views): readers' page views mostly end here at the edge,
    # so the beacon is how the origin learns of them, and it must never be answered from a cache.
    # Varnish has appended the reader's address to X-Forwarded-For, which the app reads when
    # TRUSTED_PROXIES names this edge.
    if (req.url ~ "^/(admin|api)(/|\?|$)" ||
        req.http.Cookie ~ "(^|;)\s*(__Secure-)?next-auth\.session-token(\.[0-9]+)?=") {
        return (pass);
    }

    if (req.method == "GET" || req.method == "HEAD") {
        # A public page is the same for every reader: cookies would only split the cache.
        unset req.http.Cookie;
    }

    if (req.http.x-edge-stale-if-error) {
        # Second pass after the origin failed: any copy still within its 24 h grace will do.
        # (req.grace survives a restart, so the first pass's short limit must be lifted.)
        set req.grace = 24h;
        return (hash);
    }
    if (std.healthy(req.backend_hint)) {
        set req.grace = {{HEALTHY_GRACE}};
    }
    # Falls through to the built-in vcl_recv: other methods and Authorization pass.
}

sub vcl_pass {
    set req.http.x-edge-pass = "1";
}

sub vcl_miss {
    if (req.http.x-edge-stale-if-error) {
        # The origin has just failed and there is no copy to fall back on; do not ask it twice.
        return (synth(503, "Service Unavailable"));
    }
}

sub vcl_backend_fetch {
    unset bereq.http.x-edge-stale-if-error;
    unset bereq.http.x-edge-pass;
    if (bereq.retries > 0) {
        # The round-robin director could hand a retry straight back to the instance that just
        # failed (other requests move its turn), and the probe takes seconds to call it sick.
{{RETRY_ROUTING}}
    }
    unset bereq.http.x-edge-failed;
}

sub vcl_backend_response {
    if (beresp.status >= 500 && bereq.retries < {{RETRIES}} && (bereq.method == "GET" || bereq.method == "HEAD")) {
        # One origin failing (its database pool exhausted, a deploy): ask the next one.
        set bereq.http.x-edge-failed = beresp.backend.name;
        return (retry);
    }
    if (beresp.status >= 500 && !bereq.uncacheable) {
        # Never replace a good copy with an error. A background refresh gives up and the stale
        # copy stays; a reader's own fetch ends in vcl_synth, which retries from the stale copy.
        return (abandon);
    }
    # How long an expired copy is kept for the origin's bad days. req.grace (vcl_recv) decides
    # how much of it a request accepts.
    set beresp.grace = 24h;
    # Falls through to the built-in: Set-Cookie, no-store, private or Vary: * are never stored.
}

sub vcl_backend_error {
    if (bereq.retries < {{RETRIES}} && (bereq.method == "GET" || bereq.method == "HEAD")) {
        # Connection refused or reset: that instance is gone (killed, restarting) before the probe
        # has noticed. The retry goes to the other origins (vcl_backend_fetch), so the reader
        # never sees it. Only GET and HEAD, which are safe to repeat.
        set bereq.http.x-edge-failed = beresp.backend.name;
        return (retry);
    }
    if (!bereq.uncacheable) {
        # Connection refused, timeout: same as a 5xx.
        return (abandon);
    }
}

sub vcl_synth {
    if (resp.status == 503 && req.restarts == 0 && !req.http.x-edge-pass &&
        (req.method == "GET" || req.method == "HEAD")) {
        # Stale-if-error: the origin failed this reader; serve the stale copy if there is one.
        set req.http.x-edge-stale-if-error = "1";
        return (restart);
    }
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        if (req.http.x-edge-purged) {
            set resp.http.xkey-purged = req.http.x-edge-purged;
            set resp.body = "purged " + req.http.x-edge-purged + {"
"};
        } else {
            set resp.body = resp.reason + {"
"};
        }
        return (deliver);
    }
    if (req.url == "/__edge/health") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.http.Cache-Control = "no-store";
        set resp.body = {"ok
"};
        return (deliver);
    }
    if (resp.status == 503) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Retry-After = "30";
        set resp.http.Cache-Control = "no-store";
        set resp.body = {"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الخدمة غير متاحة مؤقتاً</title></head>
<body><h1>الخدمة غير متاحة مؤقتاً</h1><p>نعمل على إعادتها، حاول بعد قليل.</p></body></html>
"};
        return (deliver);
    }
}

sub vcl_deliver {
    # Cache tags are for the edge, not for readers.
    unset resp.http.xkey;
    unset resp.http.x-next-cache-tags;
    if (req.http.x-edge-pass) {
        set resp.http.x-cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.x-cache = "HIT";
    } else {
        set resp.http.x-cache = "MISS";
    }
    # Age is set by Varnish itself: how long the copy has been in the cache.
}
