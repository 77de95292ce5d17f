import zlib from 'node:zlib';

/**
 * The text of each content stream of a PDF printed by Chromium, well enough for a test to find a
 * line in it (no PDF reader is installed): Skia writes text as glyph ids in hex strings and a
 * ToUnicode CMap per font; each string is read with the first CMap that knows all its glyphs.
 */
export function pdfTexts(pdf: Buffer): string[] {
  const s = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of s.matchAll(/\d+ 0 obj\s*<<([\s\S]*?)>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1] ?? s.indexOf('endstream', start) - start);
    let data = pdf.subarray(start, start + length);
    if (/FlateDecode/.test(m[1]!)) {
      try {
        data = zlib.inflateSync(data);
      } catch {
        continue;
      }
    }
    streams.push(data.toString('latin1'));
  }
  const maps = streams
    .filter((t) => t.includes('begincmap'))
    .map((t) => {
      const map = new Map<number, string>();
      const text = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
      for (const b of t.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
        for (const p of b[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(p[1]!, 16), text(p[2]!));
      for (const b of t.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
        for (const p of b[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
          const [lo, hi, to] = [parseInt(p[1]!, 16), parseInt(p[2]!, 16), parseInt(p[3]!, 16)];
          for (let g = lo; g <= hi; g++) map.set(g, String.fromCodePoint(to + g - lo));
        }
      return map;
    });
  return streams
    .filter((t) => /T[jJ]/.test(t) && !t.includes('begincmap'))
    .map((t) =>
      [...t.matchAll(/<([0-9a-fA-F]+)>/g)]
        .map(([, hex]) => {
          const glyphs = (hex!.match(/.{4}/g) ?? []).map((g) => parseInt(g, 16));
          const map = maps.find((mp) => glyphs.every((g) => mp.has(g)));
          return map ? glyphs.map((g) => map.get(g)).join('') : '';
        })
        .join(''),
    );
}
