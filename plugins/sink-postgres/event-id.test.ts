import { describe, expect, it } from 'vitest'
import { canonicalJson, eventId } from './event-id.ts'

describe('event ids from content', () => {
  it('are the same for the same content, whatever the order of keys', () => {
    expect(eventId({ a: 1, b: { c: [1, 'x'], d: null } })).toBe(eventId({ b: { d: null, c: [1, 'x'] }, a: 1 }))
    expect(eventId({ a: 1 })).toMatch(/^[0-9a-f]{32}$/)
  })

  it('differ when any value differs', () => {
    expect(new Set([eventId({ a: 1 }), eventId({ a: '1' }), eventId({ a: 1, b: null }), eventId({ a: [1] })]).size).toBe(4)
  })

  it('read as JSON would: undefined fields left out, toJSON used', () => {
    expect(canonicalJson({ b: 2, a: undefined, when: new Date(0), list: [undefined, 1n] })).toBe('{"b":2,"list":[null,1],"when":"1970-01-01T00:00:00.000Z"}')
  })
})
