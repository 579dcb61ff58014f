import { describe, expect, it } from 'vitest'
import { candidate, totalsPerCandidate, vote, voter } from './election-fixtures.ts'
import { routeInput, tableNameFor } from './routing.ts'

const config = { aggregates: { by_party: 'party_totals' }, tables: { audit: { key: ['id'], onConflict: 'update' as const } } }

describe('routing inputs to tables', () => {
  it('follows an explicit role first', () => {
    expect(routeInput({ role: 'votes', from: 'anything' }, config, { x: 1 })).toEqual({ kind: 'votes' })
    expect(routeInput({ role: 'aggregates', from: 'by_state.out' }, config, undefined)).toEqual({ kind: 'aggregate', table: 'by_state_out' })
  })

  it('recognises unlabelled streams by shape: window emissions, votes, voters, candidates', () => {
    const route = (sample: Record<string, unknown>, from = 'x') => routeInput({ role: 'in', from }, config, sample)
    expect(route(totalsPerCandidate([vote(1)])[0]!, 'By-Candidate')).toEqual({ kind: 'aggregate', table: 'by_candidate' })
    expect(route(totalsPerCandidate([vote(1)])[0]!, 'by_party')).toEqual({ kind: 'aggregate', table: 'party_totals' })
    expect(route(vote(1))).toEqual({ kind: 'votes' })
    expect(route(voter(1))).toEqual({ kind: 'voters' })
    expect(route(candidate(1))).toEqual({ kind: 'candidates' })
  })

  it('uses a `tables` mapping for generic streams', () => {
    expect(routeInput({ role: 'in', from: 'audit' }, config, { id: 1 })).toEqual({ kind: 'generic', table: 'audit', mapping: config.tables.audit })
  })

  it('makes table names from node refs', () => {
    expect([tableNameFor('by_state'), tableNameFor('votes.dead'), tableNameFor('9lives')]).toEqual(['by_state', 'votes_dead', 't_9lives'])
  })
})
