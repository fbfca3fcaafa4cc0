// All four plots, the overlays and the main readouts as one PNG, drawn on a canvas.
import { loadPlotly } from "./charts.js";
import { CHARTS, SVG_NS } from "./dom.js";

function loadImage(src) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = src;
  });
}

// CSS classes do not travel with an SVG image: each shape's computed style is inlined.
function overlayImage(svg) {
  const clone = svg.cloneNode(true);
  const originals = svg.querySelectorAll("*"), copies = clone.querySelectorAll("*");
  originals.forEach((node, k) => {
    const cs = getComputedStyle(node);
    copies[k].setAttribute("style", `stroke:${cs.stroke};stroke-width:${cs.strokeWidth};` +
      `fill:${cs.fill};stroke-dasharray:${cs.strokeDasharray};opacity:${cs.opacity}`);
  });
  clone.setAttribute("xmlns", SVG_NS);
  const blob = new Blob([new XMLSerializer().serializeToString(clone)], { type: "image/svg+xml" });
  return URL.createObjectURL(blob);
}

export async function savePng(p) {
  const Plotly = await loadPlotly(p, !!p.data.figs.surface);
  const scale = 2, header = 44;
  const grid = p.grid.getBoundingClientRect();
  const canvas = document.createElement("canvas");
  canvas.width = grid.width * scale;
  canvas.height = (grid.height + header) * scale;
  const ctx = canvas.getContext("2d");
  const ink = getComputedStyle(p.root).color || "#262730";
  ctx.fillStyle = p.data.dark ? "#0e1117" : "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  ctx.fillStyle = ink;
  ctx.font = "16px sans-serif";
  const v = p.metricValues;
  ctx.fillText(`${v.epoch.label.textContent}: ${v.epoch.value.textContent}   W: ${v.W.value.textContent}   ` +
    `b: ${v.b.value.textContent}   ${v.cost.label.textContent}: ${v.cost.value.textContent}`, 8, 28);
  for (const name of CHARTS) {
    const c = p.charts[name];
    const box = c.box.getBoundingClientRect();
    const x = box.left - grid.left, y = box.top - grid.top + header;
    const url = await Plotly.toImage(c.plot, { format: "png", width: box.width, height: box.height });
    ctx.drawImage(await loadImage(url), x, y, box.width, box.height);
    if (c.is3d) continue;
    const src = overlayImage(c.svg);
    ctx.drawImage(await loadImage(src), x, y, box.width, box.height);
    URL.revokeObjectURL(src);
  }
  const link = document.createElement("a");
  link.download = `linreg-epoch-${v.epoch.value.textContent}.png`;
  link.href = canvas.toDataURL("image/png");
  document.body.appendChild(link);
  link.click();
  link.remove();
}
