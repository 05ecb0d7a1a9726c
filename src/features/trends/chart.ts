import { type MonthTrend, monthLabel, trendSeries } from './rules.ts';

/*
 * The trends as a picture for the CSV DM: an SVG we draw ourselves (pure, so a test can read it),
 * rasterised to PNG by resvg (a Rust renderer shipped as a prebuilt binary in its npm package, so
 * no browser, canvas build or system library is needed; text uses the system's DejaVu Sans, which
 * the Docker image installs).
 */
const W = 1000;
const H = 660;
const COLS = 4;
const PANEL_W = 230;
const PANEL_H = 270;
const FONT = 'DejaVu Sans, Arial, sans-serif';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** Seven small bar charts, one per figure, twelve months each, this month in a stronger colour. */
export function trendChartSvg(t: readonly MonthTrend[], subtitle: string): string {
  const months = t.map((m) => m.month);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="24" y="38" font-size="22" font-weight="bold" fill="#1d1c1d">Programme over time</text>`,
    `<text x="24" y="62" font-size="14" fill="#616061">${esc(subtitle)} · ${esc(monthLabel(months[0] ?? ''))} to ${esc(monthLabel(months.at(-1) ?? ''))} · UTC months</text>`,
  ];
  trendSeries(t).forEach((s, i) => {
    const x0 = 24 + (i % COLS) * (PANEL_W + 15);
    const y0 = 86 + Math.floor(i / COLS) * (PANEL_H + 15);
    const present = s.values.filter((v): v is number => v !== null);
    const hi = Math.max(s.lo === 0 ? 1 : s.lo + 1, ...present);
    const lo = s.lo;
    const plotTop = y0 + 48;
    const plotH = PANEL_H - 90;
    const base = plotTop + plotH;
    const barW = (PANEL_W - 20) / s.values.length;
    const last = s.values.at(-1) ?? null;
    parts.push(
      `<g data-series="${esc(s.label)}">`,
      `<rect x="${x0}" y="${y0}" width="${PANEL_W}" height="${PANEL_H}" rx="8" fill="#f8f8f8" stroke="#dddddd"/>`,
      `<text x="${x0 + 10}" y="${y0 + 22}" font-size="14" font-weight="bold" fill="#1d1c1d">${esc(s.label)}</text>`,
      `<text x="${x0 + 10}" y="${y0 + 40}" font-size="12" fill="#616061">this month: ${last === null ? '–' : esc(num(last) + (s.unit ?? ''))} · top ${esc(num(hi))}</text>`,
      `<line x1="${x0 + 10}" y1="${base}" x2="${x0 + PANEL_W - 10}" y2="${base}" stroke="#bbbbbb"/>`,
    );
    s.values.forEach((v, j) => {
      const x = x0 + 10 + j * barW;
      if (v !== null) {
        const h = Math.max(1, ((Math.max(v, lo) - lo) / (hi - lo)) * plotH);
        const colour = j === s.values.length - 1 ? '#1264a3' : '#7fb2d9';
        parts.push(
          `<rect x="${(x + 2).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(barW - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}" data-value="${num(v)}"/>`,
        );
      }
      const month = months[j] ?? '';
      parts.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${base + 16}" font-size="10" text-anchor="middle" fill="#616061">${esc(monthLabel(month).slice(0, 1))}</text>`,
      );
    });
    parts.push('</g>');
  });
  parts.push(
    `<text x="${24 + 3 * (PANEL_W + 15) + 10}" y="${86 + PANEL_H + 15 + 40}" font-size="12" fill="#616061">`,
    ...[
      'Pairs: active any time in the month.',
      'Meetings: by the day they met.',
      'Days to accept: median, from',
      'assignment to acceptance.',
      'Days to resolve: median, for the',
      'help requests opened that month.',
      'Check-in score: average, 1 to 5.',
      'Figures only: no names, no notes.',
    ].map((line, k) => `<tspan x="${24 + 3 * (PANEL_W + 15) + 10}" dy="${k === 0 ? 0 : 18}">${esc(line)}</tspan>`),
    '</text>',
    '</svg>',
  );
  return parts.join('\n');
}

/**
 * The SVG as a PNG, at twice its size so it stays sharp when Slack shows it full screen. The
 * renderer, a native library of several megabytes, is loaded on the first chart, not at start-up:
 * most processes never draw one, and each resident megabyte at rest costs several under load.
 */
export async function renderPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return Buffer.from(rendered.asPng());
}
