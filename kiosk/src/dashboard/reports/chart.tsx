// A report's chart drawn with uPlot (canvas): months as lines, categories as bars. uPlot is imported here
// only, so it is part of the reports page's chunk and never of the board's first load.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ReportTable } from '../api';

type Chart = NonNullable<ReportTable['chart']>;

const COLOURS = [
  '#1d4ed8',
  '#15803d',
  '#b45309',
  '#b91c1c',
  '#7c3aed',
  '#0e7490',
  '#be185d',
  '#4d7c0f',
  '#55687a',
];

function options(chart: Chart, width: number, height: number): uPlot.Options {
  const bars = chart.type === 'bars';
  const fontSize = Math.round(Math.max(12, Math.min(22, height / 22)));
  const font = `${fontSize}px 'Noto Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif`;
  const label = (i: number) => chart.x[Math.round(i)] ?? '';
  return {
    width,
    height,
    // The legend is drawn by the page (above the canvas), so the plot can take the card's whole height.
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: !bars } },
    scales: {
      x: { time: false, range: () => [-0.6, chart.x.length - 0.4] },
      y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
    },
    axes: [
      {
        font,
        size: fontSize * 2.6,
        gap: 4,
        stroke: '#55687a',
        grid: { show: false },
        splits: () => chart.x.map((_, i) => i),
        values: (_u, splits) => splits.map(label),
      },
      {
        font,
        size: fontSize * 3.5,
        stroke: '#55687a',
        label: chart.unit,
        labelFont: font,
        labelSize: fontSize * 1.6,
        grid: { stroke: '#d3dae1', width: 1 },
        values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
      },
    ],
    series: [
      { label: '' },
      ...chart.series.map((s, i) => ({
        label: s.label,
        stroke: COLOURS[i % COLOURS.length],
        width: bars ? 0 : 2.5,
        fill: bars ? COLOURS[i % COLOURS.length] : undefined,
        points: { show: !bars, size: 7 },
        paths: bars ? uPlot.paths.bars!({ size: [0.6, 120], align: 0 }) : undefined,
      })),
    ],
  };
}

/** x is the category's index; every series shares it (bar charts carry one series, line charts several). */
const data = (chart: Chart): uPlot.AlignedData => [
  chart.x.map((_, i) => i),
  ...chart.series.map((s) => s.values),
];

export function ReportChart({ chart, label }: { chart: Chart; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const size = () => ({
      width: Math.max(200, el.clientWidth),
      height: Math.max(220, Math.round(el.clientHeight)),
    });
    // Fonts and axis sizes follow the chart's height, so a new size draws the plot anew (a few points only).
    let plot = new uPlot(options(chart, size().width, size().height), data(chart), el);
    const observer = new ResizeObserver(() => {
      const { width, height } = size();
      if (width === plot.width && height === plot.height) return;
      plot.destroy();
      plot = new uPlot(options(chart, width, height), data(chart), el);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [chart]);
  return (
    <div class="report-chart-wrap">
      {chart.series.length > 1 && (
        <ul class="report-legend">
          {chart.series.map((s, i) => (
            <li key={s.label}>
              <span class="swatch" style={{ background: COLOURS[i % COLOURS.length] }} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <div class="report-chart" ref={host} role="img" aria-label={label} />
    </div>
  );
}
