/** A small accessible SVG line chart: points over time, an optional event line (surgery). */
export interface ChartPoint {
  date: string;
  value: number;
}

/** `invert` draws lower values higher (ECOG, pain), so "up" means better on every chart. */
export function LineChart({
  title,
  points,
  min,
  max,
  invert,
  marker,
  unit,
  format,
}: {
  title: string;
  points: ChartPoint[];
  min: number;
  max: number;
  invert?: boolean;
  marker?: string;
  unit?: string;
  format?: (v: number) => string;
}) {
  const show = format ?? ((v: number) => `${v}${unit ?? ''}`);
  const W = 440,
    H = 150,
    P = 28;
  if (points.length === 0)
    return (
      <figure class="chart">
        <figcaption>{title}</figcaption>
        <p class="empty">No values recorded.</p>
      </figure>
    );
  const times = points.map((p) => Date.parse(p.date));
  const m = marker ? Date.parse(marker) : undefined;
  const t0 = Math.min(...times, m ?? Infinity),
    t1 = Math.max(...times, m ?? -Infinity, t0 + 86_400_000);
  const x = (t: number) => P + ((t - t0) / (t1 - t0)) * (W - 2 * P);
  const y = (v: number) => {
    const f = (v - min) / (max - min || 1);
    return invert ? P / 2 + f * (H - P) : H - P / 2 - f * (H - P);
  };
  const d = points
    .map((p, i) => `${i ? 'L' : 'M'}${x(times[i]!).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const last = points[points.length - 1]!;
  return (
    <figure class="chart">
      <figcaption>
        {title}: latest {show(last.value)} on {last.date.slice(0, 10)} ({points.length}{' '}
        {points.length === 1 ? 'value' : 'values'})
        {invert ? ' · lower is better, drawn higher' : ''}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={
          `${title}, ${points.length} values from ${points[0]!.date.slice(0, 10)} to ` +
          `${last.date.slice(0, 10)}`
        }
      >
        <line x1={P} y1={y(min)} x2={W - P} y2={y(min)} class="axis" />
        <text x={2} y={y(max) + 4} class="tick">
          {show(max)}
        </text>
        <text x={2} y={y(min) + 4} class="tick">
          {show(min)}
        </text>
        {m !== undefined ? (
          <>
            <line x1={x(m)} y1={4} x2={x(m)} y2={H - 4} class="event" />
            <text x={x(m) + 3} y={12} class="tick">
              surgery
            </text>
          </>
        ) : null}
        <path d={d} class="line" />
        {points.length <= 60
          ? points.map((p, i) => (
              <circle key={i} cx={x(times[i]!)} cy={y(p.value)} r={2.5} class="dot" />
            ))
          : null}
        {/* A dated time axis: first, middle and last dates. */}
        {[t0, (t0 + t1) / 2, t1].map((t, i) => (
          <text
            key={i}
            x={x(t)}
            y={H - 1}
            class="tick"
            text-anchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}
          >
            {new Date(t).toISOString().slice(0, 10)}
          </text>
        ))}
      </svg>
      {/* The same values as a table, for screen readers and for reading exact values. */}
      <details class="values">
        <summary>{title}: values as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">{title}</th>
            </tr>
          </thead>
          <tbody>
            {[...points]
              .reverse()
              .slice(0, 100)
              .map((p, i) => (
                <tr key={i}>
                  <td>{p.date.slice(0, 10)}</td>
                  <td>{show(p.value)}</td>
                </tr>
              ))}
          </tbody>
        </table>
        {points.length > 100 ? <p class="hint">Newest 100 of {points.length} values.</p> : null}
      </details>
    </figure>
  );
}
