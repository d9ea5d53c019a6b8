// Reads the server's /metrics page (Prometheus text format) and keeps the last scrapes, so that rates and latency
// percentiles can be taken between two of them as Prometheus's rate() and histogram_quantile() do.
// Runs on the browser's main thread.

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a page in the Prometheus text format: [{name, labels, value}]. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || '').matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

function matches(labels, match) {
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}

/** The sum of the samples named name whose labels include match. */
export function total(samples, name, match) {
  return samples.filter(s => s.name === name && matches(s.labels, match)).reduce((a, s) => a + s.value, 0);
}

/** A counter's per-second increase between two scrapes (a restart counts from zero). */
export function rate(previous, current, name, match) {
  const seconds = (current.time - previous.time) / 1000;
  if (seconds <= 0) return null;
  const now = total(current.samples, name, match);
  const before = total(previous.samples, name, match);
  return (now >= before ? now - before : now) / seconds;
}

function buckets(samples, name, match) {
  const byBound = new Map();
  for (const s of samples) {
    if (s.name === name + '_bucket' && matches(s.labels, match)) {
      const bound = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      byBound.set(bound, (byBound.get(bound) || 0) + s.value);
    }
  }
  return byBound;
}

/**
 * The q-quantile (0..1) of a histogram over the observations made between two scrapes, interpolated linearly
 * within its bucket; null when nothing was observed.
 */
export function quantile(previous, current, name, match, q) {
  const now = buckets(current.samples, name, match);
  const before = buckets(previous.samples, name, match);
  const bounds = Array.from(now.keys()).sort((a, b) => a - b);
  const counts = bounds.map(b => Math.max(0, now.get(b) - (before.get(b) || 0)));
  const observed = counts.length ? counts[counts.length - 1] : 0;
  if (observed === 0) return null;
  const rank = q * observed;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i] >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1];
      if (bounds[i] === Infinity) return lower;
      const below = i === 0 ? 0 : counts[i - 1];
      const inBucket = counts[i] - below;
      return inBucket === 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
    }
  }
  return bounds.length > 1 ? bounds[bounds.length - 2] : null;
}

/** The last scrapes of /metrics, oldest first. */
export class MetricsHistory {
  constructor(limit = 90) {
    this.limit = limit;
    this.scrapes = [];
  }

  /** Scrapes /metrics once more (unsigned: the page needs no signature). */
  async scrape() {
    const response = await fetch('/metrics', { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) throw new Error(`/metrics: HTTP ${response.status}`);
    this.scrapes.push({ time: Date.now(), samples: parseMetrics(await response.text()) });
    if (this.scrapes.length > this.limit) this.scrapes.shift();
  }

  /** [time, value] for each pair of consecutive scrapes; value(previous, current) may answer null (a gap). */
  between(value) {
    const points = [];
    for (let i = 1; i < this.scrapes.length; i++) {
      points.push([this.scrapes[i].time, value(this.scrapes[i - 1], this.scrapes[i])]);
    }
    return points;
  }

  /** [time, value] for each scrape. */
  each(value) {
    return this.scrapes.map(s => [s.time, value(s)]);
  }
}
