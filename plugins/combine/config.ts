/** @module The combine transform's options: the single source of truth for its config, types and docs. */
import { Type, type Static } from '@sinclair/typebox'

const path = { minLength: 1, pattern: '^[^.]+(\\.[^.]+)*$' }

const Field = Type.Union([
  Type.String({ ...path, description: 'A field path (`address.state`); the output name is its last segment (`state`).' }),
  Type.Object(
    { field: Type.String({ ...path, description: 'A field path; dots reach into nested objects.' }), as: Type.Optional(Type.String({ minLength: 1, description: 'Output field name.' })) },
    { additionalProperties: false, description: 'A field path with an explicit output name.' },
  ),
])

export const CombineConfigSchema = Type.Object(
  {
    groupBy: Type.Array(Field, { default: [], description: 'What a total is for (`candidate_id`, `state`). Empty: one total over everything.' }),
    partBy: Type.Array(Field, {
      minItems: 1,
      description: 'What tells the partial totals of one group apart (`partition`, `segment`): each part keeps one value (see `keep`), and a total is the sum over its parts.',
    }),
    keep: Type.Union([Type.Literal('latest'), Type.Literal('greatest')], {
      default: 'latest',
      description:
        'Which value of a part counts: its `latest`, or its `greatest` of every value ever received (per sum field). `greatest` is for parts that several writers count from the same start, such as one Kafka segment counted by each process that owned it: the most complete count wins, in any order of arrival (the sums must only grow as more is counted: counts, sums of non-negative values).',
    }),
    sum: Type.Array(Field, { minItems: 1, description: 'Numeric fields summed over the parts (`total_votes`, `count`). Values that are not numbers count as 0.' }),
    carry: Type.Array(Field, { default: [], description: 'Fields copied into each total from the group\'s latest partial (candidate name, party, photo).' }),
    emitIntervalMs: Type.Integer({ minimum: 0, default: 0, description: 'Least time between two emissions of changed totals. 0: after every batch.' }),
  },
  {
    additionalProperties: false,
    examples: [{ groupBy: ['candidate_id'], partBy: ['partition', 'segment'], keep: 'greatest', sum: ['total_votes'], carry: ['candidate_name', 'party_affiliation', 'photo_url'] }],
  },
)

export type CombineConfig = Static<typeof CombineConfigSchema>
export type FieldSpec = Static<typeof Field>
