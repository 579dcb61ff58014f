import { describe, expect, it } from 'vitest'
import { countVote, createTally, setAggregate, tallySum } from './tally.ts'

describe('tally', () => {
  it('counts votes until the first aggregate, then shows only the aggregate', () => {
    const tally = createTally()
    countVote(tally, 'a')
    countVote(tally, 'a')
    countVote(tally, 'b')
    expect(Object.fromEntries(tally.totals)).toEqual({ a: 2, b: 1 })
    setAggregate(tally, 'a', null, 10)
    countVote(tally, 'b')
    expect(Object.fromEntries(tally.totals)).toEqual({ a: 10 })
  })

  it('treats a cumulative emission as the current total, replacing the previous one', () => {
    const tally = createTally()
    setAggregate(tally, 'a', null, 5)
    setAggregate(tally, 'a', null, 7)
    expect(tally.totals.get('a')).toBe(7)
  })

  it('sums tumbling windows per key, each window replaced by its later emissions', () => {
    const tally = createTally()
    setAggregate(tally, 'a', 0, 3)
    setAggregate(tally, 'a', 1000, 4)
    setAggregate(tally, 'a', 0, 5)
    setAggregate(tally, 'b', 0, 1)
    expect(tally.totals.get('a')).toBe(9)
    expect(tallySum(tally)).toBe(10)
  })
})
