import { formatNumber } from '../../lib/format.js';

export interface ChartPoint {
  label: string;
  value: number;
}

/** Average width of a 12 px label character, in SVG units. */
const CHAR_WIDTH = 7;

/** A line chart drawn on the server as SVG: no script, readable on any office PC. */
export function LineChart({
  points,
  title,
  width = 720,
  height = 260,
}: {
  points: ChartPoint[];
  title: string;
  width?: number;
  height?: number;
}) {
  // The value axis starts at zero, so a line's height reads as its size (a cut axis makes 3,392 look like half of 3,504).
  const max = Math.max(1, ...points.map((p) => p.value));
  const low = 0;
  const span = max;
  const ticks = [low, low + span / 2, max];
  // Room for the widest value on the left, and for half of the first and last labels, centred on their points.
  const textWidth = (text: string) => text.length * CHAR_WIDTH;
  const pad = {
    left: Math.max(48, ...ticks.map((t) => textWidth(formatNumber(Math.round(t))) + 14), textWidth(points[0]?.label ?? '') / 2 + 4),
    right: Math.max(16, textWidth(points.at(-1)?.label ?? '') / 2 + 4),
    top: 16,
    bottom: 40,
  };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length <= 1 ? w / 2 : (i * w) / (points.length - 1));
  const y = (v: number) => pad.top + h - ((v - low) / span) * h;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#dde3ec" />
            <text x={pad.left - 8} y={y(t) + 4} text-anchor="end" font-size="12" fill="#5b6473">
              {formatNumber(Math.round(t))}
            </text>
          </g>
        ))}
        <path d={path} fill="none" stroke="#0b4ea2" stroke-width="2.5" />
        {points.map((p, i) => (
          <g key={p.label}>
            <circle cx={x(i)} cy={y(p.value)} r="3.5" fill="#c8102e">
              <title>{`${p.label}: ${formatNumber(p.value)}`}</title>
            </circle>
            {i % Math.ceil(points.length / 12) === 0 ? (
              <text x={x(i)} y={height - 14} text-anchor="middle" font-size="12" fill="#5b6473">
                {p.label}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
