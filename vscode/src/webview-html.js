// The diagram webview's HTML: a strict Content-Security-Policy (nothing but this extension's own
// files, scripts only with the nonce, WebAssembly compiled only through 'wasm-unsafe-eval'), one
// stylesheet, one module script. The WebAssembly file's address reaches the script as data.

import { randomBytes } from "node:crypto";

export function makeNonce() {
  return randomBytes(18).toString("base64url");
}

/** `csp` is the webview's `cspSource`; the URIs come from `asWebviewUri`. */
export function webviewHtml({ cspSource, nonce, scriptUri, styleUri, wasmUri }) {
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    `connect-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${escapeHtml(nonce)}" href="${escapeHtml(styleUri)}">
<title>Pod Diagram</title>
</head>
<body>
<main id="diagram" class="ps-webview" data-wasm="${escapeHtml(wasmUri)}"></main>
<script type="module" nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
