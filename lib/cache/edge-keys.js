// @ts-check
// Edge keys: our cache tags (lib/cache/tags.ts) as they travel to the edge, in the `xkey` response
// header that Varnish indexes and in the `xkey-purge` header of a PURGE.
//
// Plain CommonJS with JSDoc types: the page cache handler is required by Next at run time, outside
// the bundler, and TypeScript imports the same functions (`import { edgeKey } from "@/lib/cache/edge-keys"`).

/**
 * Longest `xkey-purge` value one PURGE carries. Varnish refuses a request header over 8 KB
 * (http_req_hdr_len) and some proxies in between allow less; 6 KB leaves room for the rest.
 */
const MAX_PURGE_HEADER_LENGTH = 6 * 1024;

/**
 * A cache tag as an edge key. xkey splits its header on spaces and commas, and HTTP headers are
 * ASCII, so everything but letters, digits and `-_.!~*'()` is percent-encoded: an Arabic slug
 * becomes `tag:%D8%A8...`. The colon stays readable. Distinct tags give distinct keys, because `%`
 * itself is encoded (`%25`).
 * @param {string} tag
 * @returns {string}
 */
function edgeKey(tag) {
  // toWellFormed: a slug cut inside a surrogate pair must not make encodeURIComponent throw.
  return encodeURIComponent(tag.toWellFormed()).replace(/%3A/gi, ":");
}

/**
 * @param {Iterable<string>} tags
 * @returns {string[]} the distinct edge keys, in first-seen order
 */
function edgeKeys(tags) {
  return [...new Set(Array.from(tags, edgeKey))];
}

/**
 * The `xkey` response header for a page that depends on these tags.
 * @param {Iterable<string>} tags
 * @returns {string}
 */
function edgeKeysHeader(tags) {
  return edgeKeys(tags).join(" ");
}

/**
 * The `xkey-purge` header values that together purge these tags, each at most `maxLength`
 * characters (a single longer key still goes out, alone). Empty when there is nothing to purge.
 * @param {Iterable<string>} tags
 * @param {number} [maxLength]
 * @returns {string[]}
 */
function edgePurgeHeaders(tags, maxLength = MAX_PURGE_HEADER_LENGTH) {
  /** @type {string[]} */
  const headers = [];
  let current = "";
  for (const key of edgeKeys(tags)) {
    if (current && current.length + 1 + key.length > maxLength) {
      headers.push(current);
      current = "";
    }
    current = current ? `${current} ${key}` : key;
  }
  if (current) headers.push(current);
  return headers;
}

module.exports = { MAX_PURGE_HEADER_LENGTH, edgeKey, edgeKeys, edgeKeysHeader, edgePurgeHeaders };
