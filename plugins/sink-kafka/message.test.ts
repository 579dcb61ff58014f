import { describe, expect, it } from 'vitest'
import { readPath, toKey, toMessage, withoutMetadata } from './message.ts'

describe('kafka-sink messages', () => {
  it('drops top-level framework metadata and keeps field order', () => {
    const event = { candidate_id: 'c1', _window: { start: null, end: null, final: false }, total_votes: 3, _key: 'c1' }
    expect(JSON.stringify(withoutMetadata(event))).toBe('{"candidate_id":"c1","total_votes":3}')
  })

  it('returns the same object when there is no metadata (no copy on the hot path)', () => {
    const event = { state: 'Kent', count: 1 }
    expect(withoutMetadata(event)).toBe(event)
  })

  it('keeps nested keys that start with an underscore: only top-level keys are metadata', () => {
    expect(withoutMetadata({ a: { _b: 1 } })).toEqual({ a: { _b: 1 } })
  })

  it('reads dot paths and gives undefined for missing steps', () => {
    const event = { address: { state: 'Kent' }, n: null }
    expect(readPath(event, 'address.state')).toBe('Kent')
    expect(readPath(event, 'address.city')).toBeUndefined()
    expect(readPath(event, 'n.x')).toBeUndefined()
  })

  it('keys by the configured field, then by the window group key, else none', () => {
    expect(toKey({ voter_id: 'v1' }, 'voter_id')).toBe('v1')
    expect(toKey({ candidate_id: 7 }, 'candidate_id')).toBe('7')
    expect(toKey({ state: 'Kent', _key: 'Kent' }, undefined)).toBe('Kent')
    expect(toKey({ state: 'Kent', _key: 'Kent' }, 'voter_id')).toBe('Kent')
    expect(toKey({ state: 'Kent' }, undefined)).toBeNull()
  })

  it('encodes the value as JSON of the shape without metadata', () => {
    expect(toMessage({ voter_id: 'v1', vote: 1, _window: {} }, 'voter_id')).toEqual({ key: 'v1', value: '{"voter_id":"v1","vote":1}' })
  })

  it('throws on values JSON cannot encode', () => {
    expect(() => toMessage({ n: 1n }, undefined)).toThrow()
  })
})
