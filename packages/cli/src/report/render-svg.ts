import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite specification to an SVG string in Node, without a browser or canvas: the spec is compiled to
 * Vega and drawn by a headless `View` (renderer `none`).
 *
 * @param spec - a complete Vega-Lite spec with inline data.
 * @returns the `<svg>` markup.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
