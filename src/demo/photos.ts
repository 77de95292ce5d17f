import sharp from 'sharp';
import type { DbContext } from '../db/context.js';
import { storeImage, type StoredImage } from '../media/store.js';
import { Rng } from './random.js';

/**
 * Photos drawn by the project for the demo content: simple SVG scenes of what union news
 * shows (a meeting hall, a sports meet, a gift handed over, a house handed over, a group
 * photo, a Tết fair, a training class), coloured by the seeded generator.
 */

export const PHOTO_KINDS = ['meeting', 'group', 'gift', 'sports', 'house', 'market', 'training'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

export interface DemoPhoto extends StoredImage {
  kind: PhotoKind;
}

export const PHOTO_WIDTH = 1200;
export const PHOTO_HEIGHT = 800;

const KIND_WEIGHTS: readonly (readonly [PhotoKind, number])[] = [
  ['meeting', 25],
  ['group', 20],
  ['gift', 20],
  ['sports', 10],
  ['house', 8],
  ['market', 9],
  ['training', 8],
];

/** Draws `count` distinct photos and stores them; the kinds cycle first, so a few photos already cover every scene. */
export async function generatePhotos(ctx: DbContext, dataDir: string, count: number, seed: number): Promise<DemoPhoto[]> {
  const kindRng = Rng.derive(seed, 7);
  const kinds = Array.from({ length: count }, (_, i) =>
    i < PHOTO_KINDS.length ? (PHOTO_KINDS[i] as PhotoKind) : kindRng.weighted(KIND_WEIGHTS),
  );
  const photos: DemoPhoto[] = [];
  const seen = new Set<number>();
  const concurrency = 4;
  for (let start = 0; start < count; start += concurrency) {
    const batch = kinds.slice(start, start + concurrency);
    const rendered = await Promise.all(batch.map((kind, j) => renderPhoto(kind, Rng.derive(seed, 1000 + start + j))));
    for (const [j, bytes] of rendered.entries()) {
      const kind = batch[j] as PhotoKind;
      let stored = await storeImage(ctx, dataDir, bytes);
      // The same picture twice is not a new photo: draw again with another seed.
      for (let attempt = 1; seen.has(stored.id); attempt++) {
        stored = await storeImage(ctx, dataDir, await renderPhoto(kind, Rng.derive(seed, 1_000_000 * attempt + start + j)));
      }
      seen.add(stored.id);
      photos.push({ ...stored, kind });
    }
  }
  return photos;
}

/** One scene as JPEG bytes. */
export async function renderPhoto(kind: PhotoKind, rng: Rng): Promise<Buffer> {
  const svg = drawScene(kind, rng);
  return sharp(Buffer.from(svg)).blur(0.6).jpeg({ quality: 88 }).toBuffer();
}

/** One scene as SVG text, 1200 × 800. */
export function drawScene(kind: PhotoKind, rng: Rng): string {
  const body = SCENES[kind](rng);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" viewBox="0 0 ${PHOTO_WIDTH} ${PHOTO_HEIGHT}">
<defs>
<radialGradient id="vignette" cx="50%" cy="50%" r="75%"><stop offset="60%" stop-color="#000" stop-opacity="0"/><stop offset="100%" stop-color="#000" stop-opacity="0.35"/></radialGradient>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0%" stop-color="${hsl(rng.int(195, 215), rng.int(55, 75), rng.int(55, 65))}"/><stop offset="100%" stop-color="${hsl(rng.int(190, 205), rng.int(40, 60), rng.int(80, 90))}"/></linearGradient>
</defs>
${body}
<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#vignette)"/>
</svg>`;
}

// ---------------------------------------------------------------------------------------------
// Colours and people

function hsl(h: number, s: number, l: number): string {
  return `hsl(${Math.round(h)},${Math.round(s)}%,${Math.round(l)}%)`;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

const SKIN = [hsl(28, 45, 72), hsl(26, 40, 66), hsl(30, 50, 76), hsl(24, 38, 60), hsl(32, 45, 70)];
const HAIR = ['#1d1a17', '#2a221c', '#15130f', '#3a2e25', '#55504a', '#8a8580'];

function shirtColour(rng: Rng): string {
  return rng.weighted<string>([
    ['#f4f4f0', 5],
    [hsl(rng.int(200, 220), rng.int(45, 70), rng.int(35, 65)), 3],
    [hsl(rng.int(0, 360), rng.int(35, 70), rng.int(40, 65)), 3],
    [hsl(rng.int(340, 360), rng.int(60, 80), rng.int(40, 55)), 1],
    ['#2b2f3a', 1],
    [hsl(rng.int(40, 55), rng.int(50, 70), rng.int(60, 75)), 1],
  ]);
}

function trouserColour(rng: Rng): string {
  return rng.pick(['#2b2d33', '#3a3f4b', '#1f2430', '#4b4036', '#23262d', '#5a5f6a']);
}

interface Look {
  skin: string;
  hair: string;
  shirt: string;
  trousers: string;
  female: boolean;
  dress: boolean;
}

function look(rng: Rng, shirt?: string): Look {
  const female = rng.chance(0.5);
  return {
    skin: rng.pick(SKIN),
    hair: rng.chance(0.85) ? rng.pick(HAIR.slice(0, 4)) : rng.pick(HAIR),
    shirt: shirt ?? shirtColour(rng),
    trousers: trouserColour(rng),
    female,
    dress: female && rng.chance(0.35),
  };
}

/** A person standing, facing the camera; (x, base) is between the feet, h the height in pixels. */
function standing(x: number, base: number, h: number, l: Look, holding?: string, reach?: { x: number; y: number }): string {
  const r = h * 0.075;
  const headY = base - h + r;
  const top = headY + r * 0.9;
  const waist = base - h * 0.48;
  const sw = h * 0.13;
  const ww = h * 0.1;
  const out: string[] = [];
  if (l.female)
    out.push(
      `<path d="M${r1(x - r * 1.05)} ${r1(headY)} Q${r1(x - r * 1.2)} ${r1(headY + r * 2.6)} ${r1(x - r * 0.3)} ${r1(headY + r * 2.4)} L${r1(x + r * 0.3)} ${r1(headY + r * 2.4)} Q${r1(x + r * 1.2)} ${r1(headY + r * 2.6)} ${r1(x + r * 1.05)} ${r1(headY)} Z" fill="${l.hair}"/>`,
    );
  // legs
  if (l.dress) {
    out.push(`<rect x="${r1(x - ww * 0.85)}" y="${r1(waist)}" width="${r1(ww * 1.7)}" height="${r1(h * 0.44)}" fill="#f2f0ea"/>`);
    out.push(
      `<path d="M${r1(x - sw * 0.9)} ${r1(top + r * 0.3)} L${r1(x + sw * 0.9)} ${r1(top + r * 0.3)} L${r1(x + ww * 1.25)} ${r1(base - h * 0.12)} L${r1(x - ww * 1.25)} ${r1(base - h * 0.12)} Z" fill="${l.shirt}"/>`,
    );
  } else {
    out.push(
      `<rect x="${r1(x - ww * 0.95)}" y="${r1(waist - 2)}" width="${r1(ww * 0.9)}" height="${r1(h * 0.48)}" rx="${r1(h * 0.02)}" fill="${l.trousers}"/>`,
    );
    out.push(
      `<rect x="${r1(x + ww * 0.05)}" y="${r1(waist - 2)}" width="${r1(ww * 0.9)}" height="${r1(h * 0.48)}" rx="${r1(h * 0.02)}" fill="${l.trousers}"/>`,
    );
    out.push(
      `<path d="M${r1(x - sw)} ${r1(top + r * 0.3)} Q${r1(x)} ${r1(top - r * 0.2)} ${r1(x + sw)} ${r1(top + r * 0.3)} L${r1(x + ww)} ${r1(waist + h * 0.02)} L${r1(x - ww)} ${r1(waist + h * 0.02)} Z" fill="${l.shirt}"/>`,
    );
  }
  out.push(`<ellipse cx="${r1(x)}" cy="${r1(base)}" rx="${r1(ww * 1.1)}" ry="${r1(h * 0.012)}" fill="#000" opacity="0.25"/>`);
  // arms
  const armW = h * 0.055;
  const armL = h * 0.33;
  if (reach) {
    for (const side of [-1, 1]) {
      const hx = reach.x + side * armW * 0.8;
      out.push(
        `<path d="M${r1(x + side * sw)} ${r1(top + r * 0.5)} L${r1((x + side * sw + hx) / 2 + side * armW)} ${r1(top + armL * 0.7)} L${r1(hx)} ${r1(reach.y)}" stroke="${l.shirt}" stroke-width="${r1(armW)}" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
      );
    }
  } else if (holding) {
    out.push(
      `<path d="M${r1(x - sw)} ${r1(top + r * 0.5)} L${r1(x - sw * 0.3)} ${r1(top + armL * 0.75)}" stroke="${l.shirt}" stroke-width="${r1(armW)}" stroke-linecap="round"/>`,
    );
    out.push(
      `<path d="M${r1(x + sw)} ${r1(top + r * 0.5)} L${r1(x + sw * 0.3)} ${r1(top + armL * 0.75)}" stroke="${l.shirt}" stroke-width="${r1(armW)}" stroke-linecap="round"/>`,
    );
    out.push(holding);
  } else {
    out.push(
      `<path d="M${r1(x - sw)} ${r1(top + r * 0.5)} L${r1(x - sw * 1.15)} ${r1(top + armL)}" stroke="${l.shirt}" stroke-width="${r1(armW)}" stroke-linecap="round"/>`,
    );
    out.push(
      `<path d="M${r1(x + sw)} ${r1(top + r * 0.5)} L${r1(x + sw * 1.15)} ${r1(top + armL)}" stroke="${l.shirt}" stroke-width="${r1(armW)}" stroke-linecap="round"/>`,
    );
    out.push(`<circle cx="${r1(x - sw * 1.15)}" cy="${r1(top + armL + armW * 0.3)}" r="${r1(armW * 0.5)}" fill="${l.skin}"/>`);
    out.push(`<circle cx="${r1(x + sw * 1.15)}" cy="${r1(top + armL + armW * 0.3)}" r="${r1(armW * 0.5)}" fill="${l.skin}"/>`);
  }
  // neck, head, hair, eyes
  out.push(`<rect x="${r1(x - r * 0.35)}" y="${r1(headY + r * 0.6)}" width="${r1(r * 0.7)}" height="${r1(r * 0.7)}" fill="${l.skin}"/>`);
  out.push(`<ellipse cx="${r1(x)}" cy="${r1(headY)}" rx="${r1(r * 0.88)}" ry="${r1(r)}" fill="${l.skin}"/>`);
  out.push(
    `<path d="M${r1(x - r * 0.92)} ${r1(headY - r * 0.05)} Q${r1(x - r)} ${r1(headY - r * 1.25)} ${r1(x)} ${r1(headY - r * 1.08)} Q${r1(x + r)} ${r1(headY - r * 1.25)} ${r1(x + r * 0.92)} ${r1(headY - r * 0.05)} Q${r1(x + r * 0.3)} ${r1(headY - r * 0.65)} ${r1(x - r * 0.92)} ${r1(headY - r * 0.05)} Z" fill="${l.hair}"/>`,
  );
  out.push(
    `<circle cx="${r1(x - r * 0.32)}" cy="${r1(headY + r * 0.05)}" r="${r1(r * 0.09)}" fill="#2a1f18"/><circle cx="${r1(x + r * 0.32)}" cy="${r1(headY + r * 0.05)}" r="${r1(r * 0.09)}" fill="#2a1f18"/>`,
  );
  return out.join('');
}

/** A seated person seen from behind: shoulders and the back of the head; s is the head radius. */
function seatedBack(x: number, y: number, s: number, l: Look): string {
  return (
    `<path d="M${r1(x - s * 2)} ${r1(y + s * 2.6)} Q${r1(x - s * 2)} ${r1(y + s * 0.9)} ${r1(x)} ${r1(y + s * 0.75)} Q${r1(x + s * 2)} ${r1(y + s * 0.9)} ${r1(x + s * 2)} ${r1(y + s * 2.6)} Z" fill="${l.shirt}"/>` +
    `<circle cx="${r1(x - s * 0.95)}" cy="${r1(y + s * 0.05)}" r="${r1(s * 0.22)}" fill="${l.skin}"/><circle cx="${r1(x + s * 0.95)}" cy="${r1(y + s * 0.05)}" r="${r1(s * 0.22)}" fill="${l.skin}"/>` +
    `<ellipse cx="${r1(x)}" cy="${r1(y)}" rx="${r1(s * 0.95)}" ry="${r1(s * 1.05)}" fill="${l.hair}"/>` +
    (l.female ? `<ellipse cx="${r1(x)}" cy="${r1(y + s * 0.9)}" rx="${r1(s * 0.6)}" ry="${r1(s * 0.6)}" fill="${l.hair}"/>` : '')
  );
}

/** Rows of seated people seen from behind, filling the foot of the picture from `top` down. */
function audience(rng: Rng, top: number, rows: number, fromScale: number, toScale: number): string {
  const out: string[] = [];
  for (let k = 0; k < rows; k++) {
    const t = rows === 1 ? 1 : k / (rows - 1);
    const s = fromScale + (toScale - fromScale) * t;
    const y = top + (PHOTO_HEIGHT - top + s) * t ** 1.2 * 0.92;
    const gap = s * 2.9;
    let x = -s + rng.float(0, gap);
    const aisle = rng.float(PHOTO_WIDTH * 0.4, PHOTO_WIDTH * 0.6);
    while (x < PHOTO_WIDTH + s) {
      if (Math.abs(x - aisle) > s * 1.6 && rng.chance(0.93))
        out.push(seatedBack(x + rng.float(-s * 0.2, s * 0.2), y + rng.float(-s * 0.15, s * 0.15), s, look(rng)));
      x += gap * rng.float(0.92, 1.1);
    }
  }
  return out.join('');
}

/** A bunch of flowers: a pot or basket and coloured blossoms. */
function flowers(rng: Rng, x: number, y: number, size: number): string {
  const out = [
    `<path d="M${r1(x - size * 0.4)} ${r1(y)} L${r1(x + size * 0.4)} ${r1(y)} L${r1(x + size * 0.3)} ${r1(y + size * 0.6)} L${r1(x - size * 0.3)} ${r1(y + size * 0.6)} Z" fill="${hsl(rng.int(20, 40), 50, 40)}"/>`,
  ];
  const hue = rng.pick([350, 0, 45, 320, 30]);
  for (let i = 0; i < 14; i++) {
    out.push(
      `<circle cx="${r1(x + rng.float(-size * 0.55, size * 0.55))}" cy="${r1(y - rng.float(0, size * 0.7))}" r="${r1(size * rng.float(0.1, 0.17))}" fill="${i % 4 === 0 ? hsl(120, 40, 35) : hsl(hue + rng.int(-10, 10), 75, rng.int(50, 70))}"/>`,
    );
  }
  return out.join('');
}

/** Stripes that read as small print on a banner or a slide. */
function printLines(rng: Rng, x: number, y: number, w: number, lines: number, lineH: number, fill: string): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const lw = w * rng.float(0.55, 0.95);
    out.push(
      `<rect x="${r1(x + (w - lw) / 2)}" y="${r1(y + i * lineH * 1.9)}" width="${r1(lw)}" height="${r1(lineH)}" rx="${r1(lineH / 2)}" fill="${fill}"/>`,
    );
  }
  return out.join('');
}

function bannerText(text: string, x: number, y: number, size: number, fill: string): string {
  return `<text x="${x}" y="${y}" font-family="sans-serif" font-weight="bold" font-size="${size}" fill="${fill}" text-anchor="middle">${text}</text>`;
}

/** A red union-style backdrop with a title and lines of small print. */
function backdrop(rng: Rng, x: number, y: number, w: number, h: number, title: string): string {
  const hue = rng.weighted<number>([
    [rng.int(352, 362) % 360, 5],
    [rng.int(205, 220), 2],
    [rng.int(190, 200), 1],
  ]);
  const base = hsl(hue, rng.int(60, 80), rng.int(30, 42));
  const ink = hue > 180 && hue < 230 ? '#ffffff' : hsl(rng.int(45, 55), 95, 62);
  const out = [
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${base}"/>`,
    `<rect x="${x}" y="${y + h - h * 0.08}" width="${w}" height="${r1(h * 0.08)}" fill="${hsl(hue, 60, 22)}"/>`,
    `<circle cx="${r1(x + w * 0.1)}" cy="${r1(y + h * 0.3)}" r="${r1(h * 0.14)}" fill="${ink}" opacity="0.9"/>`,
    `<circle cx="${r1(x + w * 0.1)}" cy="${r1(y + h * 0.3)}" r="${r1(h * 0.09)}" fill="${base}"/>`,
    printLines(rng, x + w * 0.2, y + h * 0.14, w * 0.65, 1, h * 0.035, ink),
    bannerText(title, r1(x + w * 0.53), r1(y + h * 0.48), r1(h * 0.2), ink),
    printLines(rng, x + w * 0.2, y + h * 0.6, w * 0.65, 3, h * 0.04, ink),
  ];
  return out.join('');
}

function wall(rng: Rng): string {
  const hue = rng.int(25, 55);
  return (
    `<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="${hsl(hue, rng.int(15, 35), rng.int(72, 86))}"/>` +
    `<rect width="${PHOTO_WIDTH}" height="60" fill="${hsl(hue, 15, 55)}"/>`
  );
}

function tree(rng: Rng, x: number, y: number, size: number): string {
  const green = hsl(rng.int(95, 135), rng.int(35, 55), rng.int(25, 40));
  return (
    `<rect x="${r1(x - size * 0.06)}" y="${r1(y - size * 0.4)}" width="${r1(size * 0.12)}" height="${r1(size * 0.4)}" fill="#5a4330"/>` +
    `<circle cx="${r1(x)}" cy="${r1(y - size * 0.65)}" r="${r1(size * 0.38)}" fill="${green}"/>` +
    `<circle cx="${r1(x - size * 0.25)}" cy="${r1(y - size * 0.5)}" r="${r1(size * 0.28)}" fill="${green}"/>` +
    `<circle cx="${r1(x + size * 0.25)}" cy="${r1(y - size * 0.52)}" r="${r1(size * 0.3)}" fill="${green}"/>`
  );
}

// ---------------------------------------------------------------------------------------------
// Scenes

const SCENES: Record<PhotoKind, (rng: Rng) => string> = {
  /** A hall seen from the back: the stage, its backdrop, the presidium and rows of delegates. */
  meeting(rng) {
    const out = [wall(rng)];
    const stageTop = 430;
    out.push(backdrop(rng, 140, 70, 920, 330, rng.pick(['HỘI NGHỊ', 'HỘI NGHỊ', 'ĐẠI HỘI'])));
    out.push(`<rect x="0" y="${stageTop - 30}" width="${PHOTO_WIDTH}" height="70" fill="${hsl(rng.int(20, 35), 45, 30)}"/>`);
    // presidium behind a draped table
    const cloth = rng.pick(['#f6f6f2', hsl(210, 55, 40), hsl(355, 65, 40)]);
    for (let i = 0; i < 6; i++) {
      const l = look(rng);
      out.push(
        `<circle cx="${310 + i * 110}" cy="${stageTop - 85}" r="15" fill="${l.skin}"/><path d="M${285 + i * 110} ${stageTop - 30} Q${310 + i * 110} ${stageTop - 75} ${335 + i * 110} ${stageTop - 30} Z" fill="${l.shirt}"/>`,
      );
    }
    out.push(`<rect x="260" y="${stageTop - 40}" width="680" height="52" fill="${cloth}"/>`);
    out.push(flowers(rng, 600, stageTop - 40, 42));
    // rostrum
    const rx = rng.chance(0.5) ? 1010 : 130;
    out.push(`<rect x="${rx - 45}" y="${stageTop - 120}" width="90" height="130" fill="${hsl(rng.int(15, 30), 50, 35)}"/>`);
    out.push(flowers(rng, rx, stageTop - 120, 40));
    out.push(
      `<rect x="0" y="${stageTop + 40}" width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="${hsl(rng.int(0, 40), 20, rng.int(30, 45))}"/>`,
    );
    out.push(audience(rng, stageTop + 70, rng.int(4, 6), 14, 46));
    return out.join('');
  },

  /** People in two rows in front of a backdrop, holding flowers and certificates. */
  group(rng) {
    const out = [wall(rng)];
    out.push(backdrop(rng, 60, 60, 1080, 360, rng.pick(['KHEN THƯỞNG', 'TUYÊN DƯƠNG', 'HỘI NGHỊ', 'CÔNG ĐOÀN'])));
    out.push(`<rect x="0" y="560" width="${PHOTO_WIDTH}" height="240" fill="${hsl(rng.int(0, 40), 25, rng.int(35, 50))}"/>`);
    const rows = [
      { base: 640, h: 300, n: rng.int(7, 9) },
      { base: 770, h: 360, n: rng.int(6, 8) },
    ];
    for (const row of rows) {
      const step = (PHOTO_WIDTH - 160) / row.n;
      for (let i = 0; i < row.n; i++) {
        const x = 80 + step * (i + 0.5) + rng.float(-10, 10);
        const h = row.h * rng.float(0.92, 1.04);
        const top = row.base - h + h * 0.3;
        const holding = rng.chance(0.6)
          ? `<rect x="${r1(x - h * 0.09)}" y="${r1(top)}" width="${r1(h * 0.18)}" height="${r1(h * 0.13)}" fill="${hsl(rng.pick([5, 45]), 80, 45)}" stroke="#f5d76e" stroke-width="${r1(h * 0.01)}"/>`
          : flowers(rng, x, top + h * 0.06, h * 0.12);
        out.push(standing(x, row.base, h, look(rng), holding));
      }
    }
    return out.join('');
  },

  /** Two people hand over a symbolic gift board or a red envelope in an office or at a home. */
  gift(rng) {
    const out = [wall(rng)];
    if (rng.chance(0.5)) out.push(backdrop(rng, 200, 70, 800, 250, rng.pick(['TRAO QUÀ', 'THĂM HỎI', 'TẾT SUM VẦY'])));
    else {
      out.push(
        `<rect x="120" y="120" width="260" height="180" fill="${hsl(rng.int(0, 360), 30, 60)}" stroke="#6b5440" stroke-width="10"/>`,
      );
      out.push(`<rect x="820" y="140" width="220" height="300" fill="${hsl(rng.int(20, 40), 40, 35)}"/>`);
    }
    out.push(`<rect x="0" y="600" width="${PHOTO_WIDTH}" height="200" fill="${hsl(rng.int(20, 40), rng.int(20, 45), rng.int(40, 55))}"/>`);
    // the giver and the receiver hold the gift between them; others stand beside
    const others = rng.int(1, 3);
    const pairX = rng.float(420, 780);
    const h = rng.float(440, 500);
    const giftY = 760 - h * 0.6;
    const board = rng.chance(0.6);
    const sideXs = Array.from({ length: others }, (_, i) =>
      i % 2 === 0 ? pairX - 230 - 190 * Math.floor(i / 2) : pairX + 230 + 190 * Math.floor(i / 2),
    );
    for (const x of sideXs) out.push(standing(x, 760, rng.float(440, 500), look(rng)));
    out.push(standing(pairX - 110, 760, h * rng.float(0.96, 1.04), look(rng), undefined, { x: pairX - 70, y: giftY + 10 }));
    out.push(standing(pairX + 110, 760, h * rng.float(0.96, 1.04), look(rng), undefined, { x: pairX + 70, y: giftY + 10 }));
    if (board) {
      out.push(
        `<rect x="${r1(pairX - 105)}" y="${r1(giftY - 55)}" width="210" height="120" fill="#fffdf4" stroke="${hsl(355, 75, 45)}" stroke-width="8"/>`,
      );
      out.push(printLines(rng, pairX - 75, giftY - 33, 150, 4, 9, hsl(355, 70, 45)));
    } else {
      out.push(
        `<rect x="${r1(pairX - 55)}" y="${r1(giftY - 35)}" width="110" height="80" fill="${hsl(355, 80, 45)}"/><rect x="${r1(pairX - 7)}" y="${r1(giftY - 35)}" width="14" height="80" fill="#f5d76e"/><rect x="${r1(pairX - 55)}" y="${r1(giftY - 2)}" width="110" height="14" fill="#f5d76e"/>`,
      );
    }
    out.push(flowers(rng, rng.chance(0.5) ? 70 : 1130, 620, 60));
    return out.join('');
  },

  /** A court outdoors: players, a net, a ball and spectators. */
  sports(rng) {
    const out = [`<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#sky)"/>`];
    for (let x = -40; x < PHOTO_WIDTH + 80; x += rng.int(70, 130)) out.push(tree(rng, x, 330, rng.int(140, 220)));
    out.push(`<rect x="0" y="320" width="${PHOTO_WIDTH}" height="480" fill="${hsl(rng.int(85, 120), 35, rng.int(35, 45))}"/>`);
    const court = rng.pick([hsl(rng.int(5, 20), 45, 45), hsl(rng.int(140, 170), 35, 38), hsl(210, 40, 42)]);
    out.push(`<path d="M260 380 L940 380 L1160 780 L40 780 Z" fill="${court}" stroke="#fff" stroke-width="6"/>`);
    out.push(`<path d="M200 490 L1000 490" stroke="#fff" stroke-width="4"/><path d="M120 640 L1080 640" stroke="#fff" stroke-width="4"/>`);
    // the net across the middle
    out.push(`<rect x="140" y="470" width="6" height="120" fill="#555"/><rect x="1054" y="470" width="6" height="120" fill="#555"/>`);
    const net: string[] = [];
    for (let x = 150; x < 1054; x += 14) net.push(`M${x} 480 L${x} 540`);
    for (let y = 480; y <= 540; y += 12) net.push(`M146 ${y} L1054 ${y}`);
    out.push(
      `<path d="${net.join(' ')}" stroke="#eee" stroke-width="1.5" opacity="0.8"/><rect x="146" y="476" width="908" height="8" fill="#fff"/>`,
    );
    const teamA = hsl(rng.int(0, 360), 70, 50);
    const teamB = hsl(rng.int(0, 360), 70, 45);
    for (let i = 0; i < 4; i++) out.push(standing(320 + i * 180 + rng.float(-30, 30), 455 + rng.float(-8, 8), 150, look(rng, teamA)));
    for (let i = 0; i < 4; i++) out.push(standing(250 + i * 230 + rng.float(-40, 40), 720 + rng.float(-20, 20), 270, look(rng, teamB)));
    out.push(
      `<circle cx="${rng.int(300, 900)}" cy="${rng.int(200, 300)}" r="18" fill="${rng.pick(['#f5e663', '#ffffff', '#f29a2e'])}" stroke="#333" stroke-width="2"/>`,
    );
    for (let x = 10; x < PHOTO_WIDTH; x += rng.int(34, 46)) {
      if (x > 200 && x < 1000) continue;
      out.push(standing(x, 400 + (x < 600 ? 0 : 10), rng.float(110, 130), look(rng)));
    }
    if (rng.chance(0.6))
      out.push(
        `<rect x="380" y="290" width="440" height="70" fill="${hsl(355, 75, 42)}"/>${bannerText('HỘI THAO', 600, 342, 44, '#ffe066')}`,
      );
    return out.join('');
  },

  /** A new house handed over to a member: the house, a banner and people in front. */
  house(rng) {
    const out = [`<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#sky)"/>`];
    for (let x = -30; x < PHOTO_WIDTH + 60; x += rng.int(120, 220)) out.push(tree(rng, x, 470, rng.int(180, 260)));
    out.push(`<rect x="0" y="460" width="${PHOTO_WIDTH}" height="340" fill="${hsl(rng.int(30, 45), 25, rng.int(50, 62))}"/>`);
    const wallColour = hsl(rng.int(30, 60), rng.int(30, 60), rng.int(70, 85));
    const roof = hsl(rng.int(5, 25), rng.int(55, 70), rng.int(35, 45));
    const hx = rng.int(260, 420);
    const hw = rng.int(520, 620);
    out.push(`<rect x="${hx}" y="260" width="${hw}" height="250" fill="${wallColour}"/>`);
    out.push(`<path d="M${hx - 40} 270 L${hx + hw / 2} 120 L${hx + hw + 40} 270 Z" fill="${roof}"/>`);
    out.push(`<rect x="${hx + hw / 2 - 55}" y="360" width="110" height="150" fill="${hsl(rng.int(20, 35), 50, 35)}"/>`);
    out.push(
      `<rect x="${hx + 50}" y="340" width="110" height="80" fill="#b9d6e8" stroke="#fff" stroke-width="6"/><rect x="${hx + hw - 160}" y="340" width="110" height="80" fill="#b9d6e8" stroke="#fff" stroke-width="6"/>`,
    );
    out.push(
      `<rect x="${hx + 30}" y="276" width="${hw - 60}" height="52" fill="${hsl(355, 75, 42)}"/>${bannerText('MÁI ẤM CÔNG ĐOÀN', hx + hw / 2, 314, 32, '#ffe066')}`,
    );
    const n = rng.int(5, 8);
    for (let i = 0; i < n; i++)
      out.push(standing(120 + ((PHOTO_WIDTH - 240) / (n - 1)) * i + rng.float(-15, 15), 770, rng.float(330, 380), look(rng)));
    out.push(`<path d="M80 640 Q600 ${rng.int(660, 700)} 1120 640" stroke="${hsl(355, 80, 50)}" stroke-width="10" fill="none"/>`);
    return out.join('');
  },

  /** A Tết fair: red stalls, goods, lanterns, blossoms and a crowd. */
  market(rng) {
    const out = [`<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#sky)"/>`];
    out.push(`<rect x="0" y="430" width="${PHOTO_WIDTH}" height="370" fill="${hsl(rng.int(25, 40), 15, rng.int(50, 60))}"/>`);
    const stalls = rng.int(4, 5);
    const w = PHOTO_WIDTH / stalls;
    for (let i = 0; i < stalls; i++) {
      const x = i * w;
      const canopy = rng.chance(0.7) ? hsl(rng.int(352, 362) % 360, 75, 45) : hsl(rng.int(40, 50), 85, 55);
      out.push(
        `<path d="M${x + 8} 250 L${x + w / 2} 170 L${x + w - 8} 250 Z" fill="${canopy}"/><rect x="${x + 8}" y="250" width="${w - 16}" height="24" fill="${hsl(45, 90, 60)}"/>`,
      );
      out.push(
        `<rect x="${x + 14}" y="274" width="8" height="200" fill="#777"/><rect x="${x + w - 22}" y="274" width="8" height="200" fill="#777"/>`,
      );
      out.push(`<rect x="${x + 20}" y="400" width="${w - 40}" height="80" fill="${hsl(rng.int(20, 40), 40, 40)}"/>`);
      for (let j = 0; j < 6; j++) {
        out.push(
          `<rect x="${r1(x + 30 + (j * (w - 60)) / 6)}" y="${rng.int(345, 370)}" width="${r1((w - 70) / 6)}" height="${rng.int(30, 55)}" fill="${hsl(rng.int(0, 360), 65, 55)}"/>`,
        );
      }
      out.push(
        `<circle cx="${r1(x + w / 2)}" cy="300" r="18" fill="${hsl(0, 85, 50)}"/><rect x="${r1(x + w / 2 - 2)}" y="318" width="4" height="16" fill="#f5d76e"/>`,
      );
    }
    out.push(
      `<rect x="300" y="40" width="600" height="80" fill="${hsl(355, 75, 42)}"/>${bannerText('CHỢ TẾT CÔNG ĐOÀN', 600, 96, 44, '#ffe066')}`,
    );
    for (let i = 0; i < 2; i++) {
      const tx = i === 0 ? 60 : 1140;
      out.push(`<path d="M${tx} 520 L${tx} 380" stroke="#5a4330" stroke-width="8"/>`);
      for (let j = 0; j < 26; j++)
        out.push(
          `<circle cx="${r1(tx + rng.float(-70, 70))}" cy="${r1(rng.float(300, 420))}" r="${r1(rng.float(6, 11))}" fill="${hsl(rng.int(330, 350), 70, rng.int(70, 82))}"/>`,
        );
    }
    for (let i = 0; i < 11; i++) out.push(standing(rng.float(40, 1160), rng.float(640, 790), rng.float(290, 360), look(rng)));
    return out.join('');
  },

  /** A training class: a projected slide, the lecturer and the learners at tables. */
  training(rng) {
    const out = [wall(rng)];
    const slide = hsl(rng.int(200, 225), rng.int(50, 70), rng.int(30, 45));
    out.push(`<rect x="300" y="80" width="620" height="350" fill="#eceff1" stroke="#444" stroke-width="4"/>`);
    out.push(`<rect x="316" y="96" width="588" height="318" fill="${slide}"/>`);
    out.push(bannerText('TẬP HUẤN', 610, 170, 50, '#ffffff'));
    out.push(printLines(rng, 360, 210, 500, 5, 14, '#dfe7ff'));
    out.push(standing(rng.chance(0.5) ? 190 : 1030, 520, 330, look(rng)));
    out.push(`<rect x="0" y="500" width="${PHOTO_WIDTH}" height="300" fill="${hsl(rng.int(20, 40), 25, rng.int(40, 52))}"/>`);
    out.push(audience(rng, 520, rng.int(3, 4), 20, 48));
    const deskColour = hsl(rng.int(25, 40), 45, rng.int(55, 70));
    out.push(`<rect x="0" y="770" width="${PHOTO_WIDTH}" height="30" fill="${deskColour}"/>`);
    return out.join('');
  },
};
