import { describe, expect, it } from 'vitest'
import { createValidator, decodeMessages, type RawMessage } from './decode.ts'
import { stateTurnout, voter } from './fixtures.ts'
import { shapes } from './shapes.ts'

const message = (offset: number, value: string | null, key: string | null = null): RawMessage => ({
  offset: String(offset),
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  timestamp: '1767268800000',
})

describe('decodeMessages', () => {
  it('parses JSON objects into events', () => {
    const { events, dead } = decodeMessages([message(0, JSON.stringify(voter)), message(1, JSON.stringify(stateTurnout))], 't', 0)
    expect(events).toEqual([voter, stateTurnout])
    expect(dead).toEqual([])
  })

  it('dead-letters malformed JSON, non-objects and tombstones with where they came from', () => {
    const { events, dead } = decodeMessages([message(5, '{"state":'), message(6, '[1,2]'), message(7, null), message(8, '{"ok":true}')], 'votes', 2)
    expect(events).toEqual([{ ok: true }])
    expect(dead.map((d) => [d.offset, d.reason.split(':')[0]])).toEqual([
      ['5', 'malformed JSON'],
      ['6', 'not a JSON object'],
      ['7', 'empty value (tombstone)'],
    ])
    expect(dead[0]).toMatchObject({ topic: 'votes', partition: 2, value: '{"state":' })
  })

  it('dead-letters messages that fail the schema, naming the field', () => {
    const validate = createValidator(shapes.stateTurnout, 'stateTurnout')
    const { events, dead } = decodeMessages([message(0, '{"state":"Kent","count":"3"}'), message(1, JSON.stringify(stateTurnout))], 't', 0, { validate })
    expect(events).toEqual([stateTurnout])
    expect(dead[0]!.reason).toMatch(/^does not match schema `stateTurnout`: \/count /)
  })

  it('adds _kafka metadata only when asked', () => {
    const { events } = decodeMessages([message(3, '{"a":1}', 'k1')], 'topic', 1, { metadata: true })
    expect(events[0]).toEqual({ a: 1, _kafka: { topic: 'topic', partition: 1, offset: '3', key: 'k1', timestamp: '1767268800000' } })
  })

  it('names the segment of each message when segments are asked for', () => {
    const { events } = decodeMessages([message(9_999, '{"a":1}'), message(10_000, '{"a":2}')], 'votes', 0, { metadata: true, segmentSize: 10_000 })
    expect(events.map((e) => (e._kafka as { segment: string }).segment)).toEqual(['0', '10000'])
    expect(events.map((e) => (e._kafka as { part: string }).part)).toEqual(['votes/0/0', 'votes/0/10000'])
  })
})
