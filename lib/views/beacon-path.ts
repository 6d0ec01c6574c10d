// The view beacon's address, shared by the page's client island and the route (app/api/views).
// Plain data, no server code, so the island can import it. Under /api, which the edge never
// caches (deploy/varnish/default.vcl passes /api and every POST to the origin).
export const VIEW_BEACON_PATH = "/api/views";
