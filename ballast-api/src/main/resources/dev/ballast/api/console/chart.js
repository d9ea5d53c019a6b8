// Small SVG line charts for the metrics (no library): a few series over the last minutes, scaled to their maximum.
// Runs on the browser's main thread.
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#0972d3', '#d91515', '#8d6605', '#037f0c', '#7d3ac1'];
const WIDTH = 300;
const HEIGHT = 120;
const TOP = 14;

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function format(value, unit) {
  if (value === null || value === undefined) return '–';
  if (unit === 's') return value < 1 ? (value * 1000).toFixed(value < 0.01 ? 2 : 0) + ' ms' : value.toFixed(2) + ' s';
  return (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(value % 1 === 0 ? 0 : 2)) + (unit ? ' ' + unit : '');
}

/** A chart titled title of series [{name, points: [[time, value|null]]}], values in unit ('s', '/s' or ''). */
export function lineChart(title, unit, series) {
  const all = series.flatMap(s => s.points);
  const times = all.map(p => p[0]);
  const values = all.map(p => p[1]).filter(v => v !== null && Number.isFinite(v));
  const max = Math.max(1e-9, ...values);
  const start = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - start);
  const picture = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title });
  picture.append(svg('text', { x: 4, y: 11, 'font-size': 10, fill: '#5f6b7a' }, 'max ' + format(max, unit)));
  series.forEach((s, i) => {
    // a null value breaks the line, so a gap in the data is not drawn as a slope
    let run = [];
    const flush = () => {
      const colour = COLOURS[i % COLOURS.length];
      if (run.length === 1) {
        // a point between two gaps is drawn as a dot: a one-point line would not show
        const [x, y] = run[0].split(',');
        picture.append(svg('circle', { cx: x, cy: y, r: 2, fill: colour }));
      } else if (run.length > 1) {
        picture.append(svg('polyline', { points: run.join(' '), fill: 'none', stroke: colour, 'stroke-width': 1.5 }));
      }
      run = [];
    };
    for (const [t, v] of s.points) {
      if (v === null || !Number.isFinite(v)) { flush(); continue; }
      const x = ((t - start) / span) * (WIDTH - 2) + 1;
      const y = HEIGHT - 2 - (v / max) * (HEIGHT - TOP - 4);
      run.push(x.toFixed(1) + ',' + y.toFixed(1));
    }
    flush();
  });
  const legend = el('div', { class: 'legend' }, series.map((s, i) => {
    const last = s.points.length ? s.points[s.points.length - 1][1] : null;
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = COLOURS[i % COLOURS.length];
    return el('span', { class: 'series', 'data-series': s.name }, swatch, s.name + ' ' + format(last, unit));
  }));
  return el('figure', { class: 'chart' }, el('figcaption', {}, title), picture, legend);
}
