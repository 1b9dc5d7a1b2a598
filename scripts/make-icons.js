#!/usr/bin/env node
/*
 * Generates the add-in's PNG icons into assets/ with nothing but Node's zlib.
 *
 *   node scripts/make-icons.js
 *
 * Output (committed): assets/<name>-<size>.png for every name in ICONS and every size in SIZES.
 *   icon       the add-in itself (a green table)      IconUrl (32), HighResolutionIconUrl (64), ribbon group
 *   validate   校验 — a blue check mark
 *   enrich     添加状态列 — an orange square: a table plus a highlighted new column
 *   summarize  汇总 — a purple bar chart
 *   taskpane   打开面板 — a grey window with a docked pane on the right
 *
 * Shapes are described in unit coordinates (0..1, origin top-left) and rasterised with 4×4 supersampling,
 * so every size is drawn from the same description and stays crisp. Output is deterministic.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const SIZES = [16, 32, 64, 80, 128];
const OUT_DIR = path.resolve(__dirname, "..", "assets");
const SUPERSAMPLE = 4;

// ---------------------------------------------------------------------------------------------------------
// PNG encoding (RGBA, 8 bit, no interlace)

// zlib.crc32 (Node ≥ 20.15) is the PNG chunk CRC.
const crc32 = (buf) => zlib.crc32(buf);

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([len, typeAndData, crc]);
}

function encodePng(width, height, rgba) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type: None
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

// ---------------------------------------------------------------------------------------------------------
// Shapes: functions (x, y) => boolean in unit coordinates

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

function roundRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A stroked polyline with round joins/caps. */
function polyline(points, width) {
  return (x, y) => {
    for (let i = 0; i + 1 < points.length; i++) {
      const [ax, ay] = points[i];
      const [bx, by] = points[i + 1];
      if (segmentDistance(x, y, ax, ay, bx, by) <= width / 2) return true;
    }
    return false;
  };
}

const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));

// ---------------------------------------------------------------------------------------------------------
// Icons: ordered layers of [shape, [r, g, b]]

const WHITE = [255, 255, 255];

function tableGrid(x0, y0, x1, y1, cols, rows, line) {
  const shapes = [];
  for (let c = 1; c < cols; c++) {
    const x = x0 + ((x1 - x0) * c) / cols;
    shapes.push(rect(x - line / 2, y0, x + line / 2, y1));
  }
  for (let r = 1; r < rows; r++) {
    const y = y0 + ((y1 - y0) * r) / rows;
    shapes.push(rect(x0, y - line / 2, x1, y + line / 2));
  }
  return union(...shapes);
}

const ICONS = {
  // 分工表助手: a green sheet holding a white table with a pale header row and green grid lines.
  icon: [
    [roundRect(0.06, 0.06, 0.94, 0.94, 0.14), [33, 115, 70]],
    [rect(0.17, 0.19, 0.83, 0.81), WHITE],
    [rect(0.17, 0.19, 0.83, 0.345), [184, 222, 196]],
    [tableGrid(0.17, 0.19, 0.83, 0.81, 3, 4, 0.055), [33, 115, 70]],
  ],
  // 校验: a white check mark on a blue disc.
  validate: [
    [(x, y) => (x - 0.5) ** 2 + (y - 0.5) ** 2 <= 0.44 ** 2, [0, 99, 177]],
    [polyline([[0.27, 0.52], [0.43, 0.68], [0.74, 0.34]], 0.13), WHITE],
  ],
  // 添加状态列: an orange square holding a white table plus a highlighted (yellow) new column on its right.
  enrich: [
    [roundRect(0.06, 0.06, 0.94, 0.94, 0.12), [202, 80, 16]],
    [rect(0.16, 0.19, 0.58, 0.81), WHITE],
    [tableGrid(0.16, 0.19, 0.58, 0.81, 2, 4, 0.055), [202, 80, 16]],
    [rect(0.66, 0.19, 0.84, 0.81), [255, 228, 120]],
    [tableGrid(0.66, 0.19, 0.84, 0.81, 1, 4, 0.055), [202, 80, 16]],
  ],
  // 汇总: three white bars on a purple square.
  summarize: [
    [roundRect(0.06, 0.06, 0.94, 0.94, 0.12), [92, 45, 145]],
    [rect(0.2, 0.52, 0.34, 0.8), WHITE],
    [rect(0.43, 0.34, 0.57, 0.8), WHITE],
    [rect(0.66, 0.2, 0.8, 0.8), WHITE],
  ],
  // 打开面板: a grey window with a blue pane docked on its right.
  taskpane: [
    [roundRect(0.06, 0.12, 0.94, 0.88, 0.1), [96, 94, 92]],
    [rect(0.14, 0.24, 0.54, 0.8), WHITE],
    [rect(0.6, 0.24, 0.86, 0.8), [0, 120, 212]],
    [rect(0.64, 0.3, 0.82, 0.36), WHITE],
    [rect(0.64, 0.42, 0.82, 0.48), WHITE],
  ],
};

function render(layers, size) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Composite the layers per subsample, then average premultiplied colour.
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let col = null;
          for (const [shape, colour] of layers) if (shape(x, y)) col = colour;
          if (col) {
            r += col[0];
            g += col[1];
            b += col[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / (n * n));
      }
    }
  }
  return rgba;
}

function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, layers] of Object.entries(ICONS)) {
    for (const size of SIZES) {
      const file = path.join(OUT_DIR, `${name}-${size}.png`);
      fs.writeFileSync(file, encodePng(size, size, render(layers, size)));
      console.log(`${path.relative(process.cwd(), file)}  ${size}×${size}`);
    }
  }
}

if (require.main === module) main();

module.exports = { encodePng, crc32, SIZES, ICONS };
