/** @module The flagship tables (docs/data-contracts.md) (candidates, voters, votes) and how events fill them. Pure. */
import type { Event } from '../../core/plugin.ts'
import { pathColumn, type TableSpec } from './table-spec.ts'

const VOTER_FIELDS = ['voter_name', 'date_of_birth', 'gender', 'nationality', 'registration_number'] as const
const ADDRESS_FIELDS = ['street', 'city', 'state', 'country', 'postcode'] as const
const CONTACT_FIELDS = ['email', 'phone_number', 'cell_number', 'picture'] as const

export const candidatesTable: TableSpec = {
  table: 'candidates',
  columns: [
    pathColumn('candidate_id', 'text', 'candidate_id'),
    ...['candidate_name', 'party_affiliation', 'biography', 'campaign_platform', 'photo_url'].map((f) => pathColumn(f, 'text', f)),
  ],
  key: ['candidate_id'],
  onConflict: 'nothing',
  foreignKeys: [],
  fixed: true,
}

/** The 16 flat columns; the address is read from `address.<field>` (the topic shape) or an already flat `address_<field>`. */
export const votersTable: TableSpec = {
  table: 'voters',
  columns: [
    pathColumn('voter_id', 'text', 'voter_id'),
    ...VOTER_FIELDS.map((f) => pathColumn(f, 'text', f)),
    ...ADDRESS_FIELDS.map((f) => pathColumn(`address_${f}`, 'text', `address.${f}`, `address_${f}`)),
    ...CONTACT_FIELDS.map((f) => pathColumn(f, 'text', f)),
    pathColumn('registered_age', 'integer', 'registered_age'),
  ],
  key: ['voter_id'],
  onConflict: 'nothing',
  foreignKeys: [],
  fixed: true,
}

/** One vote per voter: the voter id is the key. `vote` defaults to 1 as in the classic demo. */
export const votesTable: TableSpec = {
  table: 'votes',
  columns: [
    pathColumn('voter_id', 'text', 'voter_id'),
    { ...pathColumn('candidate_id', 'text', 'candidate_id'), notNull: true },
    { ...pathColumn('voting_time', 'timestamp without time zone', 'voting_time'), notNull: true },
    { name: 'vote', type: 'integer', notNull: true, read: (e) => (e.vote === undefined || e.vote === null ? '1' : String(e.vote)) },
  ],
  key: ['voter_id'],
  onConflict: 'nothing',
  foreignKeys: [
    { column: 'voter_id', table: 'voters' },
    { column: 'candidate_id', table: 'candidates' },
  ],
  fixed: true,
}

/** The votes table whose references are the sink's write order alone (`foreignKeys: false`). */
export const votesTableUndeclared: TableSpec = { ...votesTable, declareForeignKeys: false }

export const flagshipTables = [candidatesTable, votersTable, votesTable] as const

/** Votes that carry their voter's fields (the votes_topic shape), so the voter row can be written from the vote. */
export function votesWithVoter(votes: Event[]): Event[] {
  return votes.filter((v) => v.voter_name !== undefined)
}

/** One vote per candidate among the votes that carry candidate fields, so candidate rows can be written from votes. */
export function candidatesOfVotes(votes: Event[]): Event[] {
  const seen = new Map<unknown, Event>()
  for (const v of votes) if (v.candidate_name !== undefined && !seen.has(v.candidate_id)) seen.set(v.candidate_id, v)
  return [...seen.values()]
}
