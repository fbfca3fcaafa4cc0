// Small DOM helpers shared by the player's modules.

export const SVG_NS = "http://www.w3.org/2000/svg";
export const CHARTS = ["fit", "contour", "params", "cost"];

const ICONS = {
  play: "M3 1.5 L10.5 6 L3 10.5 Z",
  pause: "M2.5 1.5 H5 V10.5 H2.5 Z M7 1.5 H9.5 V10.5 H7 Z",
  step: "M2 1.5 L8 6 L2 10.5 Z M8.5 1.5 H10.5 V10.5 H8.5 Z",
  end: "M1 1.5 L6 6 L1 10.5 Z M5.5 1.5 L10.5 6 L5.5 10.5 Z",
  reset: "M1.5 1.5 H3.5 V10.5 H1.5 Z M10.5 1.5 L4.5 6 L10.5 10.5 Z",
};

export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

// A button's face: an icon (drawn, so no symbol font is needed) and a word.
export function iconLabel(button, icon, text) {
  const key = icon + "|" + text;
  if (button.dataset.label === key) return;
  button.dataset.label = key;
  button.replaceChildren();
  const svg = svgEl("svg", { viewBox: "0 0 12 12", class: "lr-icon", "aria-hidden": "true" });
  svg.appendChild(svgEl("path", { d: ICONS[icon] }));
  button.append(svg, document.createTextNode(text));
}
