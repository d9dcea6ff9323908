import type { Measurement } from './measurements.js';

/** An SVG bar chart: p50 and p99 at 1,000 req/s, per system, per read workload. */
export function latencyChartSvg(measurements: readonly Measurement[]): string {
  const rows = measurements.filter((m) => m.shape === '1,000 req/s');
  const max = Math.max(1, ...rows.map((m) => m.p99.median).filter(Number.isFinite));
  const width = 760;
  const label = 300;
  const barHeight = 9;
  const scale = (v: number) => (Number.isFinite(v) ? ((width - label - 60) * Math.min(v, max)) / max : 0);
  const parts: string[] = [];
  let y = 30;
  for (const workload of [...new Set(rows.map((m) => m.workload))]) {
    parts.push(`<text x="4" y="${y}" font-weight="bold">${workload} (1,000 req/s)</text>`);
    y += 8;
    for (const m of rows.filter((r) => r.workload === workload)) {
      parts.push(`<text x="12" y="${y + 14}">${m.system}</text>`);
      parts.push(`<rect x="${label}" y="${y + 4}" width="${scale(m.p50.median)}" height="${barHeight}" fill="#4c78a8"/>`);
      parts.push(`<rect x="${label}" y="${y + 4 + barHeight}" width="${scale(m.p99.median)}" height="${barHeight}" fill="#f58518"/>`);
      parts.push(`<text x="${label + scale(m.p99.median) + 4}" y="${y + 20}">${m.p50.median.toFixed(1)} / ${m.p99.median.toFixed(1)} ms</text>`);
      y += 2 * barHeight + 6;
    }
    y += 14;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif" font-size="11">
<text x="4" y="14">latency per system: p50 (blue), p99 (orange), ms</text>
${parts.join('\n')}
</svg>
`;
}
