import { describe, expect, it } from 'vitest'
import { createRecordFactory, type RecordPlan } from './record-factory.ts'
import { DEFAULT_PARTIES } from './roles.ts'

const NOW = Date.UTC(2025, 0, 1)
const plan = (role: RecordPlan['role'], uuidVersion?: 4 | 7): RecordPlan => ({ role, seed: 42, nowMs: NOW, parties: DEFAULT_PARTIES, uuidVersion })
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** The 48-bit Unix-ms time of a version 7 UUID. */
const timeOf = (uuid: string) => Number.parseInt(uuid.slice(0, 8) + uuid.slice(9, 13), 16)

describe('uuidVersion', () => {
  it('4 (the default): random version 4 ids, as randomuser.me issues them', () => {
    const make = createRecordFactory(plan('voter'))
    const ids = Array.from({ length: 200 }, (_, n) => String(make(n).voter_id))
    for (const id of ids) expect(id).toMatch(V4)
    expect(ids).not.toEqual([...ids].sort())
  })

  it('7: record n is stamped now + n ms, so ids sort in record order, as text too', () => {
    const make = createRecordFactory(plan('voter', 7))
    const ids = Array.from({ length: 5000 }, (_, n) => String(make(n + 70_000).voter_id))
    for (const [n, id] of ids.entries()) {
      expect(id).toMatch(V7)
      expect(timeOf(id)).toBe(NOW + 70_000 + n)
    }
    // Byte order (a C-collated text index) is record order.
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('7: the time crosses 16-bit and 32-bit boundaries without a carry error', () => {
    for (const start of [0x1_0000 * 12_345 - 2, 2 ** 32 - 2, 0x1_0000 * 26_000_000 - 2]) {
      const make = createRecordFactory({ ...plan('voter', 7), nowMs: start })
      const ids = [0, 1, 2, 3].map((n) => String(make(n).voter_id))
      expect(ids.map(timeOf)).toEqual([0, 1, 2, 3].map((n) => start + n))
      for (const id of ids) expect(id).toMatch(V7)
      expect(ids).toEqual([...ids].sort())
    }
  })

  it('7 changes the uuid only: every other field, and the random bits after the time, are the same draws', () => {
    // (A candidate's biography and platform are drawn from its id, so they change with it.)
    for (const role of ['voter', 'raw'] as const) {
      const random = createRecordFactory(plan(role))
      const ordered = createRecordFactory(plan(role, 7))
      for (let n = 0; n < 50; n++) {
        const [a, b] = [random(n), ordered(n)]
        const idOf = (e: typeof a) => String(role === 'voter' ? e.voter_id : (e.login as { uuid: string }).uuid)
        const [idA, idB] = [idOf(a), idOf(b)]
        expect(idB).toMatch(V7)
        expect(idB.slice(15)).toBe(idA.slice(15))
        const strip = (e: typeof a) => JSON.stringify(e).replace(idOf(e), '')
        expect(strip(b)).toBe(strip(a))
      }
    }
  })

  it('7 applies to candidates too', () => {
    const make = createRecordFactory(plan('candidate', 7))
    expect(timeOf(String(make(2).candidate_id))).toBe(NOW + 2)
  })

  it('7 is deterministic: the same seed and now give the same ids', () => {
    const [first, second] = [createRecordFactory(plan('voter', 7)), createRecordFactory(plan('voter', 7))]
    for (let n = 0; n < 20; n++) expect(second(n).voter_id).toBe(first(n).voter_id)
  })
})
