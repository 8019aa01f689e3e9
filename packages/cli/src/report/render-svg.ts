import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite specification to an SVG string in Node, without a browser or canvas: the spec is compiled to
 * Vega and drawn by a headless `View` (renderer `none`). Vega is loaded on the first call: its canvas module waits
 * for an optional import at top level, which would keep `require('@tsc/cli')` from working.
 *
 * @param spec - a complete Vega-Lite spec with inline data.
 * @returns the `<svg>` markup.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
