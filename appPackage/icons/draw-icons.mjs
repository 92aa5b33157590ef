#!/usr/bin/env node
// Draws the Teams app icons (committed as appPackage/color.png and appPackage/outline.png):
//   color.png   192x192, full colour: a shield with a check mark on a navy field,
//               with circuit traces and nodes leaving the shield (AI + assurance);
//   outline.png  32x32, white on transparent: the shield outline and the check mark.
// Node built-ins only (see ../lib.mjs for the PNG writer). Shapes are tested per sub-pixel
// (supersampling) so edges are anti-aliased. Re-run after changing a shape:
//   node appPackage/icons/draw-icons.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appPackageDir, encodePng } from '../lib.mjs';

// ---- geometry helpers (unit square coordinates, y down)
const cubic = (p0, p1, p2, p3, n) => Array.from({ length: n }, (_, i) => {
  const t = (i + 1) / n, u = 1 - t;
  return [
    u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
    u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
  ];
});

/** Shield outline as a polygon inside the box [x0,x1] x [y0,y1]. */
function shield(x0, y0, x1, y1) {
  const w = x1 - x0, h = y1 - y0;
  const P = (fx, fy) => [x0 + fx * w, y0 + fy * h];
  const pts = [P(0.5, 0), P(1, 0.09), P(1, 0.49)];
  pts.push(...cubic(P(1, 0.49), P(1, 0.74), P(0.78, 0.9), P(0.5, 1), 24));
  pts.push(...cubic(P(0.5, 1), P(0.22, 0.9), P(0, 0.74), P(0, 0.49), 24));
  pts.push(P(0, 0.09));
  return pts;
}

function insidePolygon(pts, x, y) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i], [xj, yj] = pts[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function distToPolyline(pts, x, y, closed = false) {
  let d = Infinity;
  const n = closed ? pts.length : pts.length - 1;
  for (let i = 0; i < n; i++) d = Math.min(d, distToSegment(x, y, pts[i], pts[(i + 1) % pts.length]));
  return d;
}

// ---- raster: layers are { rgba, test(x, y) }, topmost last; SS x SS samples per pixel
function render(size, ss, layers, background) {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size, y = (py + (sy + 0.5) / ss) / size;
          let c = background;
          for (let i = layers.length - 1; i >= 0; i--) {
            if (layers[i].test(x, y)) { c = layers[i].rgba; break; }
          }
          // premultiplied accumulation
          acc[0] += (c[0] * c[3]) / 255; acc[1] += (c[1] * c[3]) / 255; acc[2] += (c[2] * c[3]) / 255; acc[3] += c[3];
        }
      }
      const n = ss * ss, a = acc[3] / n, o = (py * size + px) * 4;
      out[o + 3] = Math.round(a);
      if (out[o + 3] > 0) for (let k = 0; k < 3; k++) out[o + k] = Math.min(255, Math.round((acc[k] / n) * 255 / a));
    }
  }
  return out;
}

const hex = (h, a = 255) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];

// ---- colour icon (192x192)
function colorIcon() {
  const navy = hex('#1F4E79');
  const trace = hex('#8FD3F4');
  const white = hex('#FFFFFF');
  const teal = hex('#1E9E8A');

  const outer = shield(0.29, 0.17, 0.71, 0.83);
  const rim = 0.03;
  const traceW = 0.022 / 2;
  // Traces start under the shield and end in ring-shaped nodes; mirrored left/right.
  const right = [
    { path: [[0.6, 0.33], [0.8, 0.33], [0.86, 0.27]], node: [0.86, 0.27] },
    { path: [[0.6, 0.47], [0.88, 0.47]], node: [0.88, 0.47] },
    { path: [[0.6, 0.6], [0.74, 0.6], [0.81, 0.67]], node: [0.81, 0.67] },
  ];
  const mirror = ({ path, node }) => ({ path: path.map(([x, y]) => [1 - x, y]), node: [1 - node[0], node[1]] });
  const traces = [...right, ...right.map(mirror)];
  const nodeR = 0.036, nodeHole = 0.017;
  const check = [[0.405, 0.5], [0.475, 0.575], [0.605, 0.415]];
  const checkW = 0.052 / 2;

  const onTrace = (x, y) => traces.some(({ path, node }) => {
    const dn = Math.hypot(x - node[0], y - node[1]);
    if (dn <= nodeR) return dn >= nodeHole;
    return distToPolyline(path, x, y) <= traceW && Math.hypot(x - node[0], y - node[1]) > nodeHole;
  });
  const inShield = (x, y) => insidePolygon(outer, x, y);
  const inInner = (x, y) => inShield(x, y) && distToPolyline(outer, x, y, true) > rim;
  const onCheck = (x, y) => distToPolyline(check, x, y) <= checkW;

  return render(192, 4, [
    { rgba: trace, test: onTrace },
    { rgba: white, test: inShield },
    { rgba: teal, test: inInner },
    { rgba: white, test: onCheck },
  ], navy);
}

// ---- outline icon (32x32): white strokes only
function outlineIcon() {
  const white = hex('#FFFFFF');
  const outer = shield(0.19, 0.07, 0.81, 0.93);
  const stroke = 2.2 / 32;
  const check = [[0.35, 0.5], [0.46, 0.61], [0.66, 0.38]];
  const checkW = 2.4 / 32 / 2;
  const onOutline = (x, y) => insidePolygon(outer, x, y) && distToPolyline(outer, x, y, true) <= stroke;
  const onCheck = (x, y) => distToPolyline(check, x, y) <= checkW;
  return render(32, 8, [{ rgba: white, test: (x, y) => onOutline(x, y) || onCheck(x, y) }], [0, 0, 0, 0]);
}

const files = [
  ['color.png', 192, colorIcon()],
  ['outline.png', 32, outlineIcon()],
];
for (const [name, size, rgba] of files) {
  const path = join(appPackageDir, name);
  writeFileSync(path, encodePng(size, size, rgba));
  console.log(`draw-icons: wrote ${path} (${size}x${size})`);
}
