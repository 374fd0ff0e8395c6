// Bar and line charts drawn by Chart.js on a canvas, bundled (no CDN). The canvas is an image to
// assistive technology (role="img" with a summary); the same figures are always in a table beside it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export interface Series {
  label: string;
  /** null: not shown (no figure, or withheld). */
  values: (number | null)[];
  colour: string;
}

interface ChartProps {
  kind: 'bar' | 'line';
  labels: string[];
  series: Series[];
  /** What the chart shows, for screen readers. */
  summary: string;
  locale: string;
  /** Bars side by side, horizontally (long labels such as police districts). */
  horizontal?: boolean;
}

export function ChartCanvas({ kind, labels, series, summary, locale, horizontal = false }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const chart = new Chart(canvas.current, {
      type: kind,
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          backgroundColor: s.colour,
          borderColor: s.colour,
          spanGaps: false,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        locale,
        plugins: { legend: { position: 'bottom' } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
      },
    });
    return () => chart.destroy();
  }, [kind, labels.join('\u0001'), JSON.stringify(series), locale, horizontal]);
  // Heights come from the stylesheet (no style attributes: the CSP allows none).
  return (
    <div class={horizontal && labels.length > 6 ? 'chart tall' : 'chart'}>
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
