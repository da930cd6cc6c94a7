/**
 * An ECharts chart drawn on a canvas (nothing inline that the CSP would refuse). The charting code is a separate
 * chunk fetched when the first chart mounts: the page's numbers and text are on screen before it is compiled.
 * A text summary in aria-label carries the same numbers for screen readers.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

let loading: Promise<typeof import('./echarts')> | null = null;
/** Fetches the charting chunk once; later charts share the same promise. */
const loadCharts = () => (loading ??= import('./echarts'));

export function Chart({ option, label, height = 220 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = `${height}px`;
    let dispose = () => {};
    let cancelled = false;
    void loadCharts().then(({ echarts }) => {
      if (cancelled) return;
      const chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option);
      const ro = new ResizeObserver(() => chart.resize());
      ro.observe(el);
      dispose = () => {
        ro.disconnect();
        chart.dispose();
      };
    });
    return () => {
      cancelled = true;
      dispose();
    };
  }, [option, height]);
  return <div ref={ref} className="chart" role="img" aria-label={label} />;
}
