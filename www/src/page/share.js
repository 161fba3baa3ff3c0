// Share links carry the manifest in the URL fragment: deflate-raw (CompressionStream) and
// base64url. Browsers never send the fragment to a server, so the link is the only copy.

const PREFIX = "m=";

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The fragment (without `#`) that carries `text`. */
export async function encodeFragment(text) {
  const bytes = await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw"));
  return PREFIX + toBase64Url(bytes);
}

/** The manifest in a fragment made by `encodeFragment`, or null when it carries none. */
export async function decodeFragment(fragment) {
  const value = fragment.replace(/^#/, "");
  if (!value.startsWith(PREFIX)) return null;
  const bytes = await pipe(fromBase64Url(value.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** A full link to this page carrying `text`. */
export async function shareUrl(text, location = window.location) {
  const base = location.href.split("#")[0];
  return `${base}#${await encodeFragment(text)}`;
}
