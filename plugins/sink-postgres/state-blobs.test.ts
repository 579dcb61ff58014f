import { describe, expect, it } from 'vitest'
import { createBlobIndex, referencesBlobs } from './state-blobs.ts'

const long = (ch: string) => ch.repeat(100)

describe('checkpoint state blobs', () => {
  it('replaces long strings by references, new ones once, and round-trips', () => {
    const index = createBlobIndex(50)
    const states = { voting: { seen: [long('a'), long('b')], cast: 3 }, window: { keys: ['short'] } }
    const first = index.serialize(states)
    expect(first.fresh.map(([, text]) => text)).toEqual([long('a'), long('b')])
    expect(first.json).not.toContain('aaaa')
    expect(first.json.length).toBeLessThan(300)
    index.saved(first)
    // The next checkpoint hands out the same strings and one more: only that one is new.
    const second = index.serialize({ voting: { seen: [long('a'), long('b'), long('c')], cast: 4 }, window: { keys: ['short'] } })
    expect(second.fresh.map(([, text]) => text)).toEqual([long('c')])
    expect(second.used).toHaveLength(3)
    index.saved(second)
    expect(referencesBlobs(JSON.parse(second.json))).toBe(true)
    expect(referencesBlobs({ voting: { seen: ['short'], cast: 4 } })).toBe(false)
    const blobs = new Map([...first.fresh, ...second.fresh])
    expect(createBlobIndex(50).resolve(JSON.parse(second.json), blobs)).toEqual({ voting: { seen: [long('a'), long('b'), long('c')], cast: 4 }, window: { keys: ['short'] } })
  })

  it('forgets blobs the saved row no longer references, so they are stored again if they come back', () => {
    const index = createBlobIndex(50)
    index.saved(index.serialize({ s: long('a') }))
    index.saved(index.serialize({ s: long('b') }))
    expect(index.serialize({ s: long('a') }).fresh).toHaveLength(1)
  })

  it('knows the blobs it resolved as stored, and says what to do when one is gone', () => {
    const index = createBlobIndex(50)
    const saved = createBlobIndex(50).serialize({ s: long('a') })
    index.resolve(JSON.parse(saved.json), new Map(saved.fresh))
    expect(index.serialize({ s: long('a') }).fresh).toEqual([])
    expect(() => createBlobIndex(50).resolve(JSON.parse(saved.json), new Map())).toThrow(/references 1 stored state part\(s\) that are gone .*delete the pipeline's checkpoint row/)
  })
})
