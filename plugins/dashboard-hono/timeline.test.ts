import { describe, expect, it } from 'vitest'
import { addVote, createTimeline, setWindow, toSeries } from './timeline.ts'

describe('timeline', () => {
  it('buckets votes per second and candidate, filling gaps with zeros', () => {
    const t = createTimeline()
    addVote(t, 1_000, 'a')
    addVote(t, 1_999, 'a')
    addVote(t, 3_500, 'b')
    const s = toSeries(t, ['a', 'b', 'c'], 100)
    expect(s.bucketMs).toBe(1000)
    expect(s.x).toEqual([1000, 2000, 3000])
    expect(s.values.get('a')).toEqual([2, 0, 0])
    expect(s.values.get('b')).toEqual([0, 0, 1])
    expect(s.values.get('c')).toEqual([0, 0, 0])
  })

  it('widens buckets by powers of two to stay within the points asked for, keeping every vote', () => {
    const t = createTimeline()
    for (let i = 0; i < 1000; i++) addVote(t, i * 1000, 'a')
    const s = toSeries(t, ['a'], 100)
    expect(s.x.length).toBeLessThanOrEqual(100)
    expect(s.bucketMs).toBe(16_000)
    expect(s.values.get('a')!.reduce((a, b) => a + b, 0)).toBe(1000)
  })

  it('coarsens its own buckets when a long run would keep too many', () => {
    const t = createTimeline()
    for (let i = 0; i < 5000; i++) addVote(t, i * 1000, 'a')
    expect(t.buckets.size).toBeLessThanOrEqual(2000)
    expect(t.bucketMs).toBeGreaterThan(1000)
    const s = toSeries(t, ['a'], 10_000)
    expect(s.values.get('a')!.reduce((a, b) => a + b, 0)).toBe(5000)
  })

  it('switches to tumbling window emissions, which replace votes and each other', () => {
    const t = createTimeline()
    addVote(t, 500, 'a')
    setWindow(t, 0, 60_000, 'a', 3)
    setWindow(t, 0, 60_000, 'a', 4)
    setWindow(t, 60_000, 120_000, 'b', 2)
    addVote(t, 500, 'a')
    const s = toSeries(t, ['a', 'b'], 100)
    expect(s.bucketMs).toBe(60_000)
    expect(s.values.get('a')).toEqual([4, 0])
    expect(s.values.get('b')).toEqual([0, 2])
  })

  it('gives empty series before any vote', () => {
    expect(toSeries(createTimeline(), ['a'], 10)).toEqual({ bucketMs: 1000, x: [], values: new Map([['a', []]]) })
  })
})
