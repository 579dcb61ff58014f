/** @module The windowed aggregation's configuration: one TypeBox schema for the plugin's `with:`, its types and its docs. */
import { Type, type Static } from '@sinclair/typebox'

const FieldPath = Type.String({ minLength: 1, pattern: '^[^.]+(\\.[^.]+)*$', description: 'A field path; dots reach into nested objects (`address.state`).' })
const As = Type.Optional(Type.String({ minLength: 1, description: 'Output field name.' }))
const strict = { additionalProperties: false } as const

export const GroupKeySchema = Type.Union([
  Type.String({ minLength: 1, pattern: '^[^.]+(\\.[^.]+)*$', description: 'A field path (`address.state`); the output name is its last segment (`state`).' }),
  Type.Object({ field: FieldPath, as: As }, { ...strict, description: 'A field path with an explicit output name.' }),
  Type.Object(
    {
      ageBand: Type.String({ minLength: 1, description: 'The date-of-birth field; the age is taken at the event time (UTC).' }),
      as: As,
      bands: Type.Optional(
        Type.Array(Type.Integer({ minimum: 0 }), {
          minItems: 1,
          description: 'Ascending lower bounds of the bands, in years: [18, 25, 35, 45, 55, 65] gives 18-24 … 55-64, 65+ and <18 below. Default as shown.',
        }),
      ),
    },
    { ...strict, description: 'Age band derived from a date of birth (output `age_band` unless `as`).' },
  ),
  Type.Object({ hourOfDay: Type.Literal(true), as: As }, { ...strict, description: 'Hour of day (0-23, UTC) of the event time (output `hour_of_day` unless `as`).' }),
])

export const MeasureSchema = Type.Union([
  Type.Literal('count', { description: 'Number of events, as `count`.' }),
  Type.Object({ count: Type.Literal(true), as: As }, { ...strict, description: 'Number of events (output `count` unless `as`).' }),
  Type.Object({ sum: FieldPath, as: As }, { ...strict, description: 'Sum of a numeric field (output `sum_<field>` unless `as`); 0 when no value.' }),
  Type.Object({ min: FieldPath, as: As }, { ...strict, description: 'Smallest value of a numeric field (`min_<field>`); null when no value.' }),
  Type.Object({ max: FieldPath, as: As }, { ...strict, description: 'Largest value of a numeric field (`max_<field>`); null when no value.' }),
  Type.Object({ avg: FieldPath, as: As }, { ...strict, description: 'Mean of a numeric field (`avg_<field>`); null when no value.' }),
  Type.Object({ distinctCount: FieldPath, as: As }, { ...strict, description: 'Number of distinct non-null values of a field (`distinct_<field>`).' }),
])

export const CarrySchema = Type.Union([
  Type.String({ minLength: 1, pattern: '^[^.]+(\\.[^.]+)*$', description: 'A field path carried along (latest value by event time); output name is its last segment.' }),
  Type.Object(
    {
      field: FieldPath,
      as: As,
      take: Type.Optional(Type.Union([Type.Literal('first'), Type.Literal('last')], { description: 'Value of the earliest or the latest event by event time. Default last.' })),
    },
    { ...strict, description: 'A field carried along without grouping by it.' },
  ),
])

/** No schema default here: TypeBox `Value.Default` would merge an object default into a given member. */
const windowKind = (options: { description?: string } = {}) => Type.Union([
  Type.Object({ cumulative: Type.Literal(true) }, { ...strict, description: 'One window from the start of the stream: running totals. Closes only at end of input.' }),
  Type.Object({ tumblingMs: Type.Integer({ minimum: 1, description: 'Window length; windows are aligned to the epoch.' }) }, { ...strict, description: 'Fixed, non-overlapping windows.' }),
  Type.Object(
    {
      hoppingMs: Type.Integer({ minimum: 1, description: 'Window length.' }),
      slideMs: Type.Integer({ minimum: 1, description: 'Distance between window starts; at most `hoppingMs`.' }),
    },
    { ...strict, description: 'Fixed, overlapping windows: each event counts in every window covering it.' },
  ),
  Type.Object({ sessionGapMs: Type.Integer({ minimum: 1, description: 'A session of a key ends after this much event time without events.' }) }, { ...strict, description: 'Sessions per group key.' }),
], options)

export const WindowKindSchema = windowKind()

export const WindowConfigSchema = Type.Object(
  {
    groupBy: Type.Array(GroupKeySchema, { default: [], description: 'Group keys: field paths, `{ field, as }`, `{ ageBand: date_of_birth }` or `{ hourOfDay: true }`. Empty: one global group.' }),
    measures: Type.Array(MeasureSchema, { minItems: 1, default: ['count'], description: 'What to compute per group and window: count, sum, min, max, avg, distinctCount.' }),
    carry: Type.Array(CarrySchema, { default: [], description: 'Fields copied into the output without grouping by them (candidate name, party, photo).' }),
    window: Type.Optional(windowKind({ description: '`{ cumulative: true }` (the default when absent), `{ tumblingMs }`, `{ hoppingMs, slideMs }` or `{ sessionGapMs }`.' })),
    timeField: Type.Union([FieldPath, Type.Null()], {
      default: 'voting_time',
      description: "Event-time field: 'YYYY-MM-DD HH:MM:SS' (UTC), ISO-8601 or epoch ms. null uses processing time. Unreadable times go to the `dead` port.",
    }),
    allowedLatenessMs: Type.Integer({
      minimum: 0,
      default: 60000,
      description: 'Watermark = highest event time seen minus this; events whose windows all end at or before it go to the `late` port. Decided per event, so a replay sends the same ones.',
    }),
    idleTimeoutMs: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      default: 5000,
      description: 'After this long without input the watermark follows the clock, so windows close when traffic stops; an event for a tumbling or hopping window closed that way that is not late updates it (emitted final again). null: never.',
    }),
    emit: Type.Union([Type.Literal('update'), Type.Literal('final')], {
      default: 'update',
      description: '`update`: changed groups at most every `emitIntervalMs`, plus every group once more, final, when its window closes. `final`: only when a window closes.',
    }),
    emitIntervalMs: Type.Integer({ minimum: 0, default: 1000, description: 'Least time between two update emissions (update mode). 0: after every batch.' }),
  },
  { ...strict, examples: [{ groupBy: ['candidate_id'], carry: ['candidate_name', 'party_affiliation', 'photo_url'], measures: [{ count: true, as: 'total_votes' }] }] },
)

export type WindowConfig = Static<typeof WindowConfigSchema>
export type GroupKeySpec = Static<typeof GroupKeySchema>
export type MeasureSpec = Static<typeof MeasureSchema>
export type CarrySpec = Static<typeof CarrySchema>
export type WindowKind = Static<typeof WindowKindSchema>

/** The settings with defaults, so tests and callers can give only what differs. */
export function toWindowConfig(partial: Partial<WindowConfig>): WindowConfig {
  return {
    groupBy: [],
    measures: ['count'],
    carry: [],
    window: { cumulative: true },
    timeField: 'voting_time',
    allowedLatenessMs: 60000,
    idleTimeoutMs: 5000,
    emit: 'update',
    emitIntervalMs: 1000,
    ...partial,
  }
}
