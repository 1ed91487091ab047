/**
 * Charts as inline SVG strings: no library, no network. Each returns markup with a
 * `<title>` and `role="img"`, so a screen reader names it, and a text fallback in `<desc>`.
 */
import { escape, Safe } from './html';

const palette = ['#1f6feb', '#d97706', '#16a34a', '#9333ea', '#dc2626'];

function svg(width: number, height: number, title: string, body: string, desc: string): Safe {
  return new Safe(
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">` +
      `<title>${escape(title)}</title><desc>${escape(desc)}</desc>${body}</svg>`,
  );
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Volume over time: one bar per day (or bucket), with the axis's highest value. */
export function volumeChart(title: string, points: { label: string; value: number }[]): Safe {
  const width = 640;
  const height = 220;
  const pad = { left: 36, right: 8, top: 12, bottom: 36 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = (width - pad.left - pad.right) / Math.max(points.length, 1);
  const plot = height - pad.top - pad.bottom;
  const bars = points
    .map((p, i) => {
      const h = (p.value / max) * plot;
      const x = pad.left + i * step;
      const label = points.length <= 16 || i % Math.ceil(points.length / 8) === 0 ? `<text x="${round(x + step / 2)}" y="${height - pad.bottom + 14}" class="tick" text-anchor="middle">${escape(p.label.slice(5))}</text>` : '';
      return `<rect x="${round(x + step * 0.15)}" y="${round(pad.top + plot - h)}" width="${round(step * 0.7)}" height="${round(h)}" fill="${palette[0]}"><title>${escape(`${p.label}：${p.value}`)}</title></rect>${label}`;
    })
    .join('');
  const axis =
    `<line x1="${pad.left}" y1="${pad.top + plot}" x2="${width - pad.right}" y2="${pad.top + plot}" class="axis"/>` +
    `<text x="${pad.left - 4}" y="${pad.top + 8}" class="tick" text-anchor="end">${max}</text><text x="${pad.left - 4}" y="${pad.top + plot}" class="tick" text-anchor="end">0</text>`;
  return svg(width, height, title, axis + bars, points.map((p) => `${p.label} ${p.value}`).join('；'));
}

export interface RateSeries {
  name: string;
  /** 0–1, or null when nothing was due. */
  values: (number | null)[];
}

/** Rates by unit: for each unit a group of horizontal bars, one per rate, 0–100%. */
export function ratesChart(title: string, units: string[], series: RateSeries[]): Safe {
  const width = 640;
  const rowHeight = 8 * series.length + 14;
  const labelWidth = 150;
  const legendHeight = 24;
  const height = legendHeight + units.length * rowHeight + 8;
  const barWidth = width - labelWidth - 50;
  const legend = series
    .map((s, j) => `<rect x="${labelWidth + j * 150}" y="6" width="12" height="12" fill="${palette[j % palette.length]}"/><text x="${labelWidth + j * 150 + 16}" y="16" class="tick">${escape(s.name)}</text>`)
    .join('');
  const rows = units
    .map((unit, i) => {
      const y = legendHeight + i * rowHeight;
      const bars = series
        .map((s, j) => {
          const v = s.values[i];
          const w = v === null || v === undefined ? 0 : v * barWidth;
          const text = v === null || v === undefined ? '—' : `${(v * 100).toFixed(0)}%`;
          return (
            `<rect x="${labelWidth}" y="${y + j * 8}" width="${round(w)}" height="7" fill="${palette[j % palette.length]}"><title>${escape(`${unit} ${s.name}：${text}`)}</title></rect>` +
            `<text x="${round(labelWidth + w + 4)}" y="${y + j * 8 + 7}" class="tick small">${text}</text>`
          );
        })
        .join('');
      return `<text x="${labelWidth - 6}" y="${y + (series.length * 8) / 2 + 4}" class="tick" text-anchor="end">${escape(truncate(unit, 11))}</text>${bars}`;
    })
    .join('');
  const desc = units.map((u, i) => `${u}：${series.map((s) => `${s.name} ${s.values[i] === null ? '—' : `${((s.values[i] ?? 0) * 100).toFixed(1)}%`}`).join('，')}`).join('；');
  return svg(width, height, title, legend + rows, desc);
}

/** A ranking: units by score, best first, as horizontal bars. */
export function rankingChart(title: string, rows: { name: string; score: number }[], max = 100): Safe {
  const width = 640;
  const labelWidth = 170;
  const height = rows.length * 22 + 8;
  const barWidth = width - labelWidth - 60;
  const bars = rows
    .map((r, i) => {
      const w = (Math.max(0, r.score) / max) * barWidth;
      const y = 4 + i * 22;
      return (
        `<text x="${labelWidth - 6}" y="${y + 13}" class="tick" text-anchor="end">${i + 1}. ${escape(truncate(r.name, 12))}</text>` +
        `<rect x="${labelWidth}" y="${y + 2}" width="${round(w)}" height="14" fill="${palette[i < 3 ? 2 : 0]}"><title>${escape(`${r.name}：${r.score}`)}</title></rect>` +
        `<text x="${round(labelWidth + w + 4)}" y="${y + 13}" class="tick">${r.score}</text>`
      );
    })
    .join('');
  return svg(width, height, title, bars, rows.map((r, i) => `${i + 1} ${r.name} ${r.score}`).join('；'));
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export interface MapGrid {
  id: string;
  name: string;
  polygon: [number, number][];
  /** Cases in the range. */
  value: number;
  warnings: number;
}

/**
 * The region's grids as polygons (longitude/latitude projected equirectangularly at the
 * region's mean latitude), shaded by cases, with a marker on each grid that has warnings.
 */
export function gridMap(title: string, grids: MapGrid[], labels: { text: string; at: [number, number] }[] = []): Safe {
  const points = grids.flatMap((g) => g.polygon);
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 800;
  const scale = width / Math.max((maxLon - minLon) * k, 1e-9);
  const height = Math.max(200, Math.round((maxLat - minLat) * scale));
  const project = ([lon, lat]: [number, number]) => `${round((lon - minLon) * k * scale)},${round((maxLat - lat) * scale)}`;
  const max = Math.max(1, ...grids.map((g) => g.value));
  const shapes = grids
    .map((g) => {
      const share = g.value / max;
      const fill = g.value === 0 ? '#e3e9f1' : `rgba(31,111,235,${(0.2 + 0.8 * share).toFixed(2)})`;
      const label = `${g.name}：${g.value} 件${g.warnings ? `，预警 ${g.warnings} 条` : ''}`;
      return `<polygon data-grid="${escape(g.id)}" points="${g.polygon.map(project).join(' ')}" fill="${fill}" class="grid${g.warnings ? ' warned' : ''}" tabindex="0" role="button" aria-label="${escape(label)}"><title>${escape(label)}</title></polygon>`;
    })
    .join('');
  const markers = grids
    .filter((g) => g.warnings > 0)
    .map((g) => {
      const cx = g.polygon.reduce((s, p) => s + p[0], 0) / g.polygon.length;
      const cy = g.polygon.reduce((s, p) => s + p[1], 0) / g.polygon.length;
      const [x, y] = project([cx, cy]).split(',');
      return `<g class="warning-marker" aria-hidden="true"><circle cx="${x}" cy="${y}" r="9" fill="#dc2626"/><text x="${x}" y="${Number(y) + 4}" text-anchor="middle" class="marker-text">${g.warnings}</text></g>`;
    })
    .join('');
  const names = labels
    .map((l) => {
      const [x, y] = project(l.at).split(',');
      return `<text x="${x}" y="${y}" text-anchor="middle" class="area-label" aria-hidden="true">${escape(l.text)}</text>`;
    })
    .join('');
  const desc = grids.filter((g) => g.value > 0 || g.warnings > 0).map((g) => `${g.name} ${g.value} 件${g.warnings ? ` 预警 ${g.warnings}` : ''}`).join('；') || '范围内没有案件';
  return svg(width, height, title, shapes + markers + names, desc);
}
