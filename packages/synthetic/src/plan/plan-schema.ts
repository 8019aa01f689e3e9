import { type Static, Type } from '@sinclair/typebox';
import type { Plan } from './plan-types.js';

/** The `$id` of the published plan JSON Schema (`schema/plan.schema.json`). */
export const PLAN_SCHEMA_ID = 'https://tsc-imu.github.io/tsc/schema/plan.schema.json';

const Vector3Schema = Type.Object(
  {
    x: Type.Number({ description: 'x component.' }),
    y: Type.Number({ description: 'y component.' }),
    z: Type.Number({ description: 'z component.' }),
  },
  { description: 'A 3-vector.' },
);

const MatrixRowSchema = Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: 'A matrix row.' });

const NoiseSchema = Type.Object(
  {
    white_noise_density: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          'White-noise density in unit/√Hz (µT/√Hz, m/s²/√Hz, rad/s/√Hz); per-sample σ = density·√rate. Extension; defaults per sensor (README).',
      }),
    ),
    turn_on_bias_sigma: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          'Standard deviation of the constant (turn-on) bias drawn once per recording, in the sensor unit. Extension; defaults per sensor.',
      }),
    ),
    bias_random_walk: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          'Bias random walk in unit/s/√Hz (per-sample step σ = value/√rate). Extension; defaults per sensor.',
      }),
    ),
    bias_instability: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          'Bias instability: standard deviation of a first-order Gauss–Markov bias, in the sensor unit (the Allan-deviation floor). Extension; defaults to 0.',
      }),
    ),
    bias_correlation_time_s: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'Correlation time of the bias-instability process (s). Extension; defaults to 100.',
      }),
    ),
    temperature_drift: Type.Optional(
      Type.Object(
        {
          bias_change: Vector3Schema,
          time_constant_s: Type.Number({ exclusiveMinimum: 0, description: 'Warm-up time constant (s).' }),
        },
        {
          description:
            'Bias drift while the sensor warms up: bias += bias_change·(1 − exp(−t/time_constant_s)), sensor unit. Extension; defaults to none.',
        },
      ),
    ),
  },
  { description: 'Noise model of one sensor (physical mode only). Extension.' },
);

const SensorSchema = Type.Object(
  {
    calibration: Type.Object(
      {
        bias: Vector3Schema,
        matrix: Type.Array(MatrixRowSchema, {
          minItems: 3,
          maxItems: 3,
          description: 'Calibration matrix M (rows), physical unit per raw count: truth = M·(raw − bias).',
        }),
      },
      { description: 'Sensor calibration: raw = inverse(M)·truth + bias.' },
    ),
    noise: Type.Optional(NoiseSchema),
    calibration_error: Type.Optional(
      Type.Object(
        {
          matrix: Type.Array(MatrixRowSchema, {
            minItems: 3,
            maxItems: 3,
            description:
              'Error matrix E (rows), dimensionless, near identity: scale, cross-axis and soft-iron residual.',
          }),
          offset: Vector3Schema,
        },
        {
          description:
            'Residual calibration error: measured = E·truth + offset (sensor unit) before noise. Extension; physical mode; defaults to none.',
        },
      ),
    ),
    model: Type.Optional(
      Type.String({ description: 'Name of the sensor part modelled, e.g. "BMM150". Extension; informational.' }),
    ),
  },
  { description: 'One sensor (mag, acc or gyro).' },
);

const DistortionLevelSchema = Type.Union([Type.Literal('none'), Type.Literal('low'), Type.Literal('high')], {
  description: 'Label level of the segment: none → "0", low → "1", high → "2".',
});

const DistortionKindSchema = Type.Union(
  [
    Type.Literal('world_hard_iron'),
    Type.Literal('body_hard_iron'),
    Type.Literal('soft_iron'),
    Type.Literal('dipole'),
    Type.Literal('ferrous_object'),
  ],
  { description: 'Distortion model (extension). Defaults to "world_hard_iron".' },
);

const DistortionEnvelopeSchema = Type.Union(
  [Type.Literal('step'), Type.Literal('approach'), Type.Literal('departure')],
  { description: 'Time course of the strength in the segment (extension). Defaults to "step".' },
);

const AxisSchema = Type.Object(
  {
    x: Type.Number({ description: 'x component.' }),
    y: Type.Number({ description: 'y component.' }),
    z: Type.Number({ description: 'z component.' }),
  },
  { description: 'An axis (normalised by the generator; must be non-zero).' },
);

const FrequencySchema = Type.Number({ exclusiveMinimum: 0, description: 'Frequency (Hz).' });
const PhaseSchema = Type.Optional(Type.Number({ description: 'Phase (rad). Defaults to 0.' }));
const RampSchema = Type.Optional(
  Type.Number({
    minimum: 0,
    description: 'Taper length at each segment end (s), capped at a quarter of the segment. Defaults to 0.5.',
  }),
);

const RotationOscillationSchema = Type.Object(
  {
    axis: AxisSchema,
    amplitude_deg: Type.Number({ minimum: 0, maximum: 90, description: 'Peak angle (degrees).' }),
    frequency_hz: FrequencySchema,
    phase_rad: PhaseSchema,
    ramp_s: RampSchema,
  },
  { description: 'A rotation oscillation about a body axis: θ = A·w(t)·sin(2πft + φ).' },
);

const AccelerationOscillationSchema = Type.Object(
  {
    axis: AxisSchema,
    amplitude_m_s2: Type.Number({ minimum: 0, description: 'Peak acceleration (m/s²).' }),
    frequency_hz: FrequencySchema,
    phase_rad: PhaseSchema,
    ramp_s: RampSchema,
  },
  { description: 'A linear acceleration oscillation along a world (ENU) axis: a = A·sin(2πft + φ), tapered.' },
);

const TapSchema = Type.Object(
  {
    time_s: Type.Number({ minimum: 0, description: 'Start of the pulse from the segment start (s).' }),
    axis: AxisSchema,
    peak_m_s2: Type.Number({ minimum: 0, description: 'Peak acceleration (m/s²).' }),
    duration_s: Type.Number({ exclusiveMinimum: 0, description: 'Pulse length (s).' }),
  },
  { description: 'A tap: a one-period sine pulse of acceleration along a body axis.' },
);

const MagDistortionSchema = Type.Object(
  {
    level: Type.Optional(DistortionLevelSchema),
    world_x: Type.Optional(Type.Number({ description: 'World-frame offset x (direction for world_hard_iron).' })),
    world_y: Type.Optional(Type.Number({ description: 'World-frame offset y (direction for world_hard_iron).' })),
    world_z: Type.Optional(Type.Number({ description: 'World-frame offset z (direction for world_hard_iron).' })),
    kind: Type.Optional(DistortionKindSchema),
    closest_approach_m: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'Dipole kinds: closest distance between device and dipole (m). Extension; defaults to 0.3.',
      }),
    ),
    envelope: Type.Optional(DistortionEnvelopeSchema),
    far_distance_ratio: Type.Optional(
      Type.Number({
        exclusiveMinimum: 1,
        description:
          'approach/departure: start (end) distance as a multiple of the closest distance. Extension; defaults to 2.5.',
      }),
    ),
  },
  { description: 'Magnetic distortion of the segment.' },
);

const SegmentSchema = Type.Object(
  {
    name: Type.String({ description: 'Segment name.' }),
    duration_s: Type.Number({ exclusiveMinimum: 0, description: 'Segment duration (s).' }),
    rotation_rpy_degrees: Type.Object(
      {
        roll: Type.Number({ description: 'Total roll over the segment (degrees).' }),
        pitch: Type.Number({ description: 'Total pitch over the segment (degrees).' }),
        yaw: Type.Number({ description: 'Total yaw over the segment (degrees).' }),
      },
      { description: 'Total rotation over the segment, a constant body rate (degrees).' },
    ),
    magnetic_distortion: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          'Distortion strength: the largest relative field deviation ‖Δm‖/‖B‖ in the segment (0.2 = 20 %). Ignored in compat mode.',
      }),
    ),
    mag_distortion: Type.Optional(MagDistortionSchema),
    translation_m: Type.Optional(
      Type.Object(
        {
          x: Type.Number({ description: 'East displacement (m).' }),
          y: Type.Number({ description: 'North displacement (m).' }),
          z: Type.Number({ description: 'Up displacement (m).' }),
        },
        {
          description:
            'World-frame (ENU) displacement over the segment with a smooth start and stop (extension; physical mode). Defaults to none.',
        },
      ),
    ),
    rotation_oscillations: Type.Optional(
      Type.Array(RotationOscillationSchema, { description: 'Rotation oscillations (extension). Defaults to none.' }),
    ),
    acceleration_oscillations: Type.Optional(
      Type.Array(AccelerationOscillationSchema, {
        description: 'Acceleration oscillations (extension). Defaults to none.',
      }),
    ),
    taps: Type.Optional(Type.Array(TapSchema, { description: 'Taps (extension). Defaults to none.' })),
  },
  { description: 'One motion segment.' },
);

/**
 * The plan: the reference's format plus optional extensions. Defined once with TypeBox; the object is the
 * JSON Schema (`schema/plan.schema.json`), and `Static<typeof PlanSchema>` is checked at compile time to equal the
 * documented {@link Plan} interfaces (`plan-types.ts`). @internal
 */
export const PlanSchema = Type.Object(
  {
    initialization: Type.Object(
      {
        pose: Type.Object(
          {
            origin: Type.Object(
              {
                lat: Type.Number({ minimum: -90, maximum: 90, description: 'Geodetic latitude (degrees).' }),
                lng: Type.Number({ minimum: -180, maximum: 360, description: 'Longitude (degrees).' }),
                height: Type.Number({ description: 'Height above the WGS84 ellipsoid (m).' }),
              },
              { description: 'Geographic origin: selects the Earth field (physical mode).' },
            ),
            position: Vector3Schema,
            rotation: Type.Object(
              {
                w: Type.Number({ description: 'Scalar part.' }),
                x: Type.Number({ description: 'x part.' }),
                y: Type.Number({ description: 'y part.' }),
                z: Type.Number({ description: 'z part.' }),
              },
              { description: 'Initial orientation quaternion, body → world (ENU).' },
            ),
          },
          { description: 'Initial pose.' },
        ),
        start_time_ns: Type.Integer({ minimum: 0, description: 'Time of the first sample (ns).' }),
        sample_rate: Type.Number({ exclusiveMinimum: 0, description: 'Sample rate (Hz).' }),
        mag: SensorSchema,
        acc: SensorSchema,
        gyro: SensorSchema,
        seed: Type.Optional(
          Type.Integer({
            minimum: 0,
            maximum: 4294967295,
            description: 'PRNG seed (extension). Defaults to 0; a seed option of the generator overrides it.',
          }),
        ),
        date: Type.Optional(
          Type.String({
            pattern: '^\\d{4}-\\d{2}-\\d{2}',
            description: 'ISO 8601 date for the World Magnetic Model (extension). Defaults to "2025-01-01".',
          }),
        ),
        gravity_m_s2: Type.Optional(
          Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Literal('wgs84')], {
            description:
              'Gravity (m/s²), or "wgs84" for the WGS84 normal gravity at the origin latitude and height (extension). Defaults to 9.80665.',
          }),
        ),
        noise_enabled: Type.Optional(
          Type.Boolean({ description: 'Add sensor noise in physical mode (extension). Defaults to true.' }),
        ),
        timestamp_jitter_s: Type.Optional(
          Type.Number({
            minimum: 0,
            description:
              'Standard deviation of the sample-time jitter (s), at most 0.1 sample periods; truncated to ±0.4 periods (extension; physical mode). Defaults to 0.',
          }),
        ),
      },
      { description: 'Initial state, timing and sensors.' },
    ),
    segments: Type.Array(SegmentSchema, { minItems: 1, description: 'Motion segments, in order.' }),
  },
  {
    $id: PLAN_SCHEMA_ID,
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'tsc synthetic IMU plan',
    description:
      'Motion plan of @tsc/synthetic: the time-series-classifier reference plan format plus optional extensions.',
  },
);

/** The TypeScript type TypeBox derives from {@link PlanSchema}; `plan-types.ts` mirrors it with docs. @internal */
export type PlanStatic = Static<typeof PlanSchema>;

/** The plan JSON Schema as a plain JSON object (what the package's `schema/plan.schema.json` holds). */
export function planJsonSchema(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(PlanSchema));
}

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time proof that the documented interfaces and the schema agree. @internal */
export const planTypesMatchSchema: MutuallyAssignable<Plan, PlanStatic> = true;
