// Opening manifests: the file picker, drag and drop anywhere on the page, and pasting outside the
// editor. Files are read here with File.text(); nothing is uploaded.

const MAX_BYTES = 5 * 1024 * 1024;

/** Reads a dropped or picked file; rejects binaries and huge files with a message for the user. */
export async function readManifest(file) {
  if (file.size > MAX_BYTES) throw new Error(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; Podscope opens manifests up to 5 MB.`);
  const buffer = await file.arrayBuffer();
  const bytes = new Uint8Array(buffer);
  if (bytes.includes(0)) throw new Error(`${file.name} looks like a binary file, not a YAML or JSON manifest.`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new Error(`${file.name} is not UTF-8 text.`);
  }
}

/**
 * Wires the open button, the drop zone and page-level paste.
 * options: button, input, overlay, editorElement, onText(text, name), onError(message)
 */
export function wireFileInputs({ button, input, overlay, editorElement, onText, onError }) {
  async function open(file) {
    if (!file) return;
    try {
      onText(await readManifest(file), file.name);
    } catch (error) {
      onError(error.message);
    }
  }

  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    open(input.files?.[0]);
    input.value = "";
  });

  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
  window.addEventListener("dragenter", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    overlay.hidden = false;
  });
  window.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  window.addEventListener("dragleave", (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    overlay.hidden = true;
    open(event.dataTransfer.files?.[0]);
  });

  // Pasting while the focus is not in the editor or a field replaces the manifest.
  document.addEventListener("paste", (event) => {
    const target = event.target;
    if (editorElement.contains(target) || target.closest?.("input, textarea, select, [contenteditable]")) return;
    const text = event.clipboardData?.getData("text/plain");
    if (!text) return;
    event.preventDefault();
    onText(text.replace(/^\uFEFF/, ""), "pasted manifest");
  });
}
