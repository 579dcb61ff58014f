/** @module The message shapes of the classic demo's topics (docs/data-contracts.md) as TypeBox schemas, for validating what a topic carries. */
import { Type, type TSchema } from '@sinclair/typebox'
import { candidateFields, voterFields } from '../source-randomuser/shapes.ts'

const Text = Type.String()
const Count = Type.Integer({ minimum: 0 })

/** voters_topic (key `voter_id`). */
export const Voter = Type.Object(voterFields(true), { additionalProperties: false, $id: 'voter' })

/** votes_topic (key `voter_id`): the voter, the chosen candidate, when, and `vote: 1`. */
export const Vote = Type.Object(
  {
    ...voterFields(true),
    ...candidateFields,
    voting_time: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$', description: 'UTC, no zone' }),
    vote: Type.Literal(1),
  },
  { additionalProperties: false, $id: 'vote' },
)

/** aggregated_votes_per_candidate: running total per candidate. */
export const CandidateTotals = Type.Object(
  { candidate_id: Text, candidate_name: Text, party_affiliation: Text, photo_url: Text, total_votes: Count },
  { additionalProperties: false, $id: 'candidateTotals' },
)

/** aggregated_turnout_by_location: running count per state. */
export const StateTurnout = Type.Object({ state: Text, count: Count }, { additionalProperties: false, $id: 'stateTurnout' })

/** The built-in shapes by the name the `validate` option uses. */
export const shapes: Record<'voter' | 'vote' | 'candidateTotals' | 'stateTurnout', TSchema> = {
  voter: Voter,
  vote: Vote,
  candidateTotals: CandidateTotals,
  stateTurnout: StateTurnout,
}
