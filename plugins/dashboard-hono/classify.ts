/** @module Tells which dashboard input an event belongs to from its shape, for streams wired without a role. */
import type { Event } from '../../core/plugin.ts'

/** The dashboard's input roles (see README.md). */
export type Role = 'votes' | 'candidates' | 'voters' | 'by_candidate' | 'by_state' | 'by_gender' | 'by_age_band' | 'by_party' | 'timeline'

const ROLES: readonly string[] = ['votes', 'candidates', 'voters', 'by_candidate', 'by_state', 'by_gender', 'by_age_band', 'by_party', 'timeline']

export function isRole(name: string): name is Role {
  return ROLES.includes(name)
}

/**
 * The role an event plays, judged by its fields: aggregates carry a measure (`total_votes`, `count`
 * or `votes`) and a group key, per-candidate ones over tumbling windows feed the time series; votes
 * carry `candidate_id` and a voter; voters a `voter_id` alone. Undefined when nothing fits.
 */
export function classify(event: Event): Role | undefined {
  const measured = typeof event.total_votes === 'number' || typeof event.count === 'number' || typeof event.votes === 'number'
  if (measured) {
    const window = event._window as { start?: unknown } | undefined
    if ('candidate_id' in event) return typeof window?.start === 'number' ? 'timeline' : 'by_candidate'
    if ('age_band' in event) return 'by_age_band'
    if ('gender' in event) return 'by_gender'
    if ('party_affiliation' in event) return 'by_party'
    if ('state' in event) return 'by_state'
    return undefined
  }
  if ('candidate_id' in event) return 'voter_id' in event || 'voting_time' in event ? 'votes' : 'candidates'
  if ('voter_id' in event) return 'voters'
  return undefined
}
