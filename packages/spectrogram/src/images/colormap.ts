import { checkOneOf } from '../errors.js';

/** Perceptual colormaps (matplotlib's), plus `gray`. */
export type ColormapName = 'viridis' | 'magma' | 'inferno' | 'plasma' | 'gray';

/** The colormap names. */
export const COLORMAP_NAMES: readonly ColormapName[] = ['viridis', 'magma', 'inferno', 'plasma', 'gray'];

// Degree-6 polynomial fits of matplotlib's colormaps (coefficients c0…c6 per RGB channel, from the public
// shadertoy "Colormap polynomials" fits); within about 5/255 of the 256-entry tables.
const POLYNOMIALS: Record<Exclude<ColormapName, 'gray'>, number[][]> = {
  viridis: [
    [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
    [0.1050930431085774, 1.404613529898575, 1.384590162594685],
    [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
    [-4.634230498983486, -5.799100973351585, -19.33244095627987],
    [6.228269936347081, 14.17993336680509, 56.69055260068105],
    [4.776384997670288, -13.74514537774601, -65.35303263337234],
    [-5.435455855934631, 4.645852612178535, 26.3124352495832],
  ],
  magma: [
    [-0.002136485053939582, -0.000749655052795221, -0.005386127855323933],
    [0.2516605407371642, 0.6775232436837668, 2.494026599312351],
    [8.353717279216625, -3.577719514958484, 0.3144679030132573],
    [-27.66873308576866, 14.26473078096533, -13.64921318813922],
    [52.17613981234068, -27.94360607168351, 12.94416944238394],
    [-50.76852536473588, 29.04658282127291, 4.23415299384598],
    [18.65570506591883, -11.48977351997711, -5.601961508734096],
  ],
  inferno: [
    [0.0002189403691192265, 0.001651004631001012, -0.01948089843709184],
    [0.1065134194856116, 0.5639564367884091, 3.932712388889277],
    [11.60249308247187, -3.972853965665698, -15.9423941062914],
    [-41.70399613139459, 17.43639888205313, 44.35414519872813],
    [77.162935699427, -33.40235894210092, -81.80730925738993],
    [-71.31942824499214, 32.62606426397723, 73.20951985803202],
    [25.13112622477341, -12.24266895238567, -23.07032500287172],
  ],
  plasma: [
    [0.05873234392399702, 0.02333670892565664, 0.5433401826748754],
    [2.176514634195958, 0.2383834171260182, 0.7539604599784036],
    [-2.689460476458034, -7.455851135738909, 3.110799939717086],
    [6.130348345893603, 42.3461881477227, -28.51885465332158],
    [-11.10743619062271, -82.66631109428045, 60.13984767418263],
    [10.02306557647065, 71.41361770095349, -54.07218655560067],
    [-3.658713842777788, -22.93153465461149, 18.19190778539828],
  ],
};

const tables = new Map<ColormapName, Uint8Array>();

/**
 * A 256-entry RGB lookup table of a colormap (`table[3i … 3i+2]` is the colour of level `i/255`),
 * computed once and cached.
 *
 * @param name - `viridis`, `magma`, `inferno`, `plasma` or `gray`.
 * @returns 768 bytes.
 * @throws {@link SpectrogramOptionsError} on an unknown name.
 */
export function colormapTable(name: ColormapName): Uint8Array {
  checkOneOf('colormap', name, COLORMAP_NAMES);
  let table = tables.get(name);
  if (table !== undefined) return table;
  table = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    for (let channel = 0; channel < 3; channel++) {
      let value = t;
      if (name !== 'gray') {
        const c = POLYNOMIALS[name];
        value = 0;
        for (let p = 6; p >= 0; p--) value = value * t + c[p]![channel]!;
      }
      table[3 * i + channel] = Math.round(255 * Math.min(1, Math.max(0, value)));
    }
  }
  tables.set(name, table);
  return table;
}
