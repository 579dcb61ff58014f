/** @module The flagship election aggregations, ready to use as a `window` node's `with:`. */
import { toWindowConfig, type WindowConfig } from '../../core/window/config.ts'

/**
 * Update emissions every 200 ms keep "vote produced → aggregate visible" well under the 250 ms p99
 * budget with room for the sink; each emission carries only the few keys that changed.
 */
const live = { window: { cumulative: true }, emit: 'update', emitIntervalMs: 200 } as const

/** `{candidate_id, candidate_name, party_affiliation, photo_url, total_votes}`: aggregated_votes_per_candidate. */
export const votesPerCandidate: WindowConfig = toWindowConfig({
  ...live,
  groupBy: ['candidate_id'],
  carry: ['candidate_name', 'party_affiliation', 'photo_url'],
  measures: [{ count: true, as: 'total_votes' }],
})

/** `{state, count}`: aggregated_turnout_by_location. */
export const turnoutByState: WindowConfig = toWindowConfig({ ...live, groupBy: [{ field: 'address.state', as: 'state' }], measures: ['count'] })

/** `{gender, count}`. */
export const turnoutByGender: WindowConfig = toWindowConfig({ ...live, groupBy: ['gender'], measures: ['count'] })

/** `{age_band, count}`: age at the time of the vote, in bands 18-24 … 65+. */
export const turnoutByAgeBand: WindowConfig = toWindowConfig({ ...live, groupBy: [{ ageBand: 'date_of_birth' }], measures: ['count'] })

/** `{party_affiliation, count}`. */
export const votesPerParty: WindowConfig = toWindowConfig({ ...live, groupBy: ['party_affiliation'], measures: ['count'] })

/** `{candidate_id, candidate_name, votes}` per minute of voting time, emitted once each minute is final. */
export const votesPerCandidatePerMinute: WindowConfig = toWindowConfig({
  groupBy: ['candidate_id'],
  carry: ['candidate_name'],
  measures: [{ count: true, as: 'votes' }],
  window: { tumblingMs: 60_000 },
  emit: 'final',
})
