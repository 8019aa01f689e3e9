import { describe, expect, it } from 'vitest';
import { handmadeReport } from '../../test/report-fixture.js';
import { renderReportFigures, renderReportHtml } from './render-report.js';

describe('renderReportFigures', () => {
  it('renders one SVG chart per section with data', async () => {
    const figures = await renderReportFigures(handmadeReport);
    expect(figures.map((figure) => figure.id)).toEqual([
      'trace-1',
      'training-loss',
      'training-accuracy',
      'confusion-matrix',
      'per-class-metrics',
      'timeline',
    ]);
    for (const figure of figures) {
      expect(figure.content.startsWith('<svg')).toBe(true);
      expect(figure.content).toMatch(/<path|<rect|<line/);
    }
  });

  it('leaves out sections without data', async () => {
    const figures = await renderReportFigures({ ...handmadeReport, training: undefined, timeline: undefined });
    expect(figures.some((figure) => figure.section === 'training' || figure.section === 'timeline')).toBe(false);
  });
});

describe('renderReportHtml', () => {
  it('is one self-contained page: escaped text, inline SVG, no scripts or external resources', async () => {
    const html = await renderReportHtml(handmadeReport);
    expect(html).toContain('<title>Report &lt;test&gt; &amp; &quot;quotes&quot;</title>');
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html.match(/<figure /g)).toHaveLength(6);
    expect(html).toContain('<th>macro-F1</th><td colspan="4">0.890</td>');
  });
});
