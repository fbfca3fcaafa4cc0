// Settings typed in the page's sidebar show their effect at once: when a number is entered
// (Enter, or leaving the field), the player previews the run it describes while the server
// applies it; the server's run then replaces the preview. Fields are known by their labels.
import { showPreview } from "./live.js";

function previewSetting(p, name, value) {
  const data = p.data, basis = data.preview, r = p.rows, last = p.served - 1;
  const fromHere = { lr: data.lr, W: r.W[last], b: r.b[last], stats: basis.stats, from: last,
    memory: basis.memory };
  if (name === "lr" && value > 0) showPreview(p, { ...fromHere, lr: value });
  else if (name === "epochs" && value >= r.epoch[last]) showPreview(p, { ...fromHere, end: value });
  else if (name === "w0") showPreview(p, { ...fromHere, W: value, b: r.b[0], from: 0, memory: null });
  else if (name === "b0") showPreview(p, { ...fromHere, W: r.W[0], b: value, from: 0, memory: null });
}

// Streamlit's upload button says its own English word; in another language ui/style.py draws
// the page's word in its place with CSS, which screen readers do not read. So the button is
// named here, and named again whenever Streamlit redraws the sidebar.
const UPLOAD_BUTTON = '[data-testid="stFileUploaderDropzone"] button';

function nameUploadButton(p) {
  if (!p.root.isConnected) {
    p.uploadWatch.disconnect();
    return;
  }
  const word = p.data.labels.upload_button;
  for (const button of document.querySelectorAll(UPLOAD_BUTTON)) {
    if (button.getAttribute("aria-label") !== word) button.setAttribute("aria-label", word);
  }
}

export function watchUploadButton(p) {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (p.uploadWatched !== sidebar) {
    if (p.uploadWatch) p.uploadWatch.disconnect();
    p.uploadWatched = sidebar;
    p.uploadWatch = new MutationObserver(() => nameUploadButton(p));
    if (sidebar) p.uploadWatch.observe(sidebar, { childList: true, subtree: true });
  }
  nameUploadButton(p);
}

export function watchSidebar(p) {
  const entered = (event) => {
    const input = event.target;
    if (!p.root.isConnected) {
      document.removeEventListener("keydown", p.sidebarKeys, true);
      document.removeEventListener("change", p.sidebarKeys, true);
      return;
    }
    if (!p.data || !(input instanceof HTMLInputElement) || input.type !== "number") return;
    if (event.type === "keydown" && event.key !== "Enter") return;
    if (!input.closest('[data-testid="stSidebar"]')) return;
    const label = input.getAttribute("aria-label"), L = p.data.labels;
    const name = ["lr", "epochs", "w0", "b0"].find((key) => L[key] === label);
    const value = Number(input.value);
    if (name && input.value.trim() !== "" && Number.isFinite(value)) previewSetting(p, name, value);
  };
  p.sidebarKeys = entered;
  document.addEventListener("keydown", entered, true);
  document.addEventListener("change", entered, true);
}
