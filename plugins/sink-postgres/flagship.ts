/** @module The flagship tables (docs/data-contracts.md) (candidates, voters, votes) and how events fill them. Pure. */
import type { Event } from '../../core/plugin.ts'
import { toText, type Column, type TableSpec } from './table-spec.ts'

/**
 * A flagship column read by `get`, a plain property access written out per column: each reader is
 * its own function, so its property access sees one event shape and stays fast, where a reader
 * shared by every column (`pathColumn`'s `e[path]`) sees 16 keys and falls to the generic lookup
 * (it was a tenth of the sink's encoding time).
 */
function column(name: string, type: string, get: (e: Event) => unknown): Column {
  return { name, type, read: (e) => toText(get(e)) }
}

/** `address.<field>` (the topic shape), else an already flat `address_<field>`, as `pathColumn(name, 'text', 'address.<field>', 'address_<field>')` reads it. */
function addressColumn(name: string, nested: (address: Record<string, unknown>) => unknown, flat: (e: Event) => unknown): Column {
  return {
    name,
    type: 'text',
    read(e) {
      const address = e.address
      const value = typeof address === 'object' && address !== null ? nested(address as Record<string, unknown>) : undefined
      return toText(value ?? flat(e))
    },
  }
}

export const candidatesTable: TableSpec = {
  table: 'candidates',
  columns: [
    column('candidate_id', 'text', (e) => e.candidate_id),
    column('candidate_name', 'text', (e) => e.candidate_name),
    column('party_affiliation', 'text', (e) => e.party_affiliation),
    column('biography', 'text', (e) => e.biography),
    column('campaign_platform', 'text', (e) => e.campaign_platform),
    column('photo_url', 'text', (e) => e.photo_url),
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
    column('voter_id', 'text', (e) => e.voter_id),
    column('voter_name', 'text', (e) => e.voter_name),
    column('date_of_birth', 'text', (e) => e.date_of_birth),
    column('gender', 'text', (e) => e.gender),
    column('nationality', 'text', (e) => e.nationality),
    column('registration_number', 'text', (e) => e.registration_number),
    addressColumn('address_street', (a) => a.street, (e) => e.address_street),
    addressColumn('address_city', (a) => a.city, (e) => e.address_city),
    addressColumn('address_state', (a) => a.state, (e) => e.address_state),
    addressColumn('address_country', (a) => a.country, (e) => e.address_country),
    addressColumn('address_postcode', (a) => a.postcode, (e) => e.address_postcode),
    column('email', 'text', (e) => e.email),
    column('phone_number', 'text', (e) => e.phone_number),
    column('cell_number', 'text', (e) => e.cell_number),
    column('picture', 'text', (e) => e.picture),
    column('registered_age', 'integer', (e) => e.registered_age),
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
    column('voter_id', 'text', (e) => e.voter_id),
    { ...column('candidate_id', 'text', (e) => e.candidate_id), notNull: true },
    { ...column('voting_time', 'timestamp without time zone', (e) => e.voting_time), notNull: true },
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
