import { describe, expect, it } from 'vitest'
import { votersTable } from './flagship.ts'
import { range } from './election-fixtures.ts'
import { aggregateTable, genericTable, MAX_INFERRED_COLUMNS, newColumns, unmappable } from './inferred-tables.ts'
import { lastPerKey } from './table-spec.ts'

const row = (spec: ReturnType<typeof aggregateTable>, event: Record<string, unknown>) => Object.fromEntries(spec.columns.map((c) => [c.name, c.read(event)]))

describe('tables inferred from events', () => {
  it('reads window bounds as timestamps, open bounds as ±infinity, and types fields by value', () => {
    const emission = { candidate_id: 'c1', total_votes: 4, _window: { start: null, end: null, final: false }, _key: 'c1' }
    const spec = aggregateTable('by_candidate', [emission])
    expect(spec.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'window_start timestamp with time zone', 'window_end timestamp with time zone', 'window_key text', 'window_final boolean', 'candidate_id text', 'total_votes double precision',
    ])
    expect(row(spec, emission)).toEqual({ window_start: '-infinity', window_end: 'infinity', window_key: 'c1', window_final: 'false', candidate_id: 'c1', total_votes: '4' })
    expect(row(spec, { ...emission, _window: { start: 0, end: 60_000, final: true } })).toMatchObject({ window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:01:00.000Z', window_final: 'true' })
  })

  it('finds new fields (never `_` metadata) in later events', () => {
    const spec = aggregateTable('by_state', [{ state: 'Kent', count: 1, _window: {}, _key: 'Kent' }])
    expect(newColumns(spec, [{ state: 'Kent', count: 2, share: 0.1, tags: ['a'], _extra: 1 }]).map((c) => `${c.name} ${c.type}`)).toEqual(['share double precision', 'tags jsonb'])
  })

  it('keeps dead-letter reasons in generic tables, keyed by a hash of each event when no key is configured', () => {
    const event = { voter_id: 'v1', _reason: 'duplicate_vote', _error: 'voter v1 already voted' }
    const spec = genericTable('votes_dead', { onConflict: 'update' }, [event])
    expect(spec.columns.map((c) => c.name)).toEqual(['_event_id', 'voter_id', '_reason', '_error'])
    expect([spec.key, spec.onConflict]).toEqual([['_event_id'], 'nothing'])
    expect(spec.columns[0]!.read({ _error: event._error, _reason: event._reason, voter_id: 'v1' })).toBe(spec.columns[0]!.read(event))
  })

  it('names columns for odd fields deterministically and sets aside events it cannot map', () => {
    const long = 'x'.repeat(63)
    const spec = genericTable('odd', { key: ['id'], onConflict: 'update' }, [{ '': 1, [`${long}a`]: 2, [`${long}b`]: 3 }])
    expect(spec.columns.map((c) => c.name)).toEqual(['_empty', expect.stringMatching(/^x{54}_[0-9a-f]{8}$/), expect.stringMatching(/^x{54}_[0-9a-f]{8}$/), 'id'])
    expect(new Set(spec.columns.map((c) => c.name)).size).toBe(4)
    expect(unmappable(spec, { id: 'a', '': 1 })).toBeUndefined()
    expect(unmappable(spec, { '': 1 })).toBe('no value for the key column `id` (the table\'s rows are identified by id)')
    expect(unmappable(spec, { id: 'a', new: 1 })).toBe('field "new" has no column in `odd`: the table has not grown a column for it')
    expect(unmappable(spec, { id: 'a', _empty: 1 })).toMatch(/^field "_empty" has no column in `odd`: the table has not grown/)
  })

  it('stops growing a table at MAX_INFERRED_COLUMNS columns', () => {
    const wide = Object.fromEntries(range(0, MAX_INFERRED_COLUMNS + 50, (i) => [`f${i}`, i]))
    const spec = genericTable('wide', { onConflict: 'update' }, [wide])
    expect(spec.columns).toHaveLength(MAX_INFERRED_COLUMNS)
    expect(unmappable(spec, wide)).toBe(`field "f${MAX_INFERRED_COLUMNS - 1}" has no column in \`wide\`: the table has reached ${MAX_INFERRED_COLUMNS} columns`)
  })

  it('maps generic columns from dot paths and refuses a key that is not a column', () => {
    const spec = genericTable('t', { columns: { id: 'id', city: 'address.city' }, key: ['id'], onConflict: 'nothing' }, [{ id: 1, address: { city: 'Leeds' } }])
    expect(spec.columns.map((c) => [c.name, c.type, c.read({ id: 1, address: { city: 'Leeds' } })])).toEqual([['id', 'double precision', '1'], ['city', 'text', 'Leeds']])
    expect(() => genericTable('t', { columns: { id: 'id' }, key: ['uid'], onConflict: 'update' }, [])).toThrow('key column `uid` of table `t` is not among its columns (id); map it under `columns`')
  })

  it('keeps the row with the greatest keepMax value of a batch, and refuses keepMax without a key or column', () => {
    const spec = genericTable('parts', { key: ['part'], onConflict: 'update', keepMax: 'n' }, [{ part: 'a', n: 1 }])
    expect(lastPerKey(spec, [{ part: 'a', n: 5 }, { part: 'b', n: 1 }, { part: 'a', n: 3 }, { part: 'a', n: 7 }])).toEqual([{ part: 'b', n: 1 }, { part: 'a', n: 7 }])
    expect(() => genericTable('parts', { key: ['part'], onConflict: 'update', keepMax: 'count' }, [{ part: 'a', n: 1 }])).toThrow('keepMax column `count` of table `parts` is not among its columns (part, n)')
    expect(() => genericTable('parts', { onConflict: 'update', keepMax: 'n' }, [{ part: 'a', n: 1 }])).toThrow('keepMax of table `parts` needs a `key` and `onConflict: update`')
  })

  it('reads a voter address nested (topic shape) or already flat', () => {
    const city = votersTable.columns.find((c) => c.name === 'address_city')!
    expect([city.read({ address: { city: 'Leeds' } }), city.read({ address_city: 'York' }), city.read({})]).toEqual(['Leeds', 'York', null])
  })

  it('keeps the last event per key for tables that overwrite', () => {
    const spec = aggregateTable('t', [{ n: 1 }])
    const e = (key: string, n: number) => ({ n, _key: key, _window: { start: null, end: null } })
    expect(lastPerKey(spec, [e('a', 1), e('b', 1), e('a', 2)]).map((x) => `${x._key}${x.n}`)).toEqual(['b1', 'a2'])
  })
})
