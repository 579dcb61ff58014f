import { describe, expect, it } from 'vitest'
import { copyOffsets, countBelow, fromOtherTopics, lagOf, nextOffset, segmentStart, toCommits, toOffsets } from './offsets.ts'

describe('kafka-source offsets', () => {
  it('counts offsets as 64-bit decimals', () => {
    expect(nextOffset('41')).toBe('42')
    expect(nextOffset('9223372036854775806')).toBe('9223372036854775807')
    expect(lagOf('100', '58')).toBe(42)
    expect(lagOf('10', '12')).toBe(0)
  })

  it('flattens a position into commits, only for assigned partitions when given', () => {
    const position = { votes: { '0': '10', '1': '20' }, voters: { '2': '5' } }
    expect(toCommits(position)).toEqual([
      { topic: 'votes', partition: 0, offset: '10' },
      { topic: 'votes', partition: 1, offset: '20' },
      { topic: 'voters', partition: 2, offset: '5' },
    ])
    expect(toCommits(position, { votes: [1] })).toEqual([{ topic: 'votes', partition: 1, offset: '20' }])
  })

  it('commits the start of each offset\'s segment when segments are asked for', () => {
    const position = { votes: { '0': '19999', '1': '20000', '2': '7' } }
    expect(toCommits(position, undefined, 10_000).map((c) => c.offset)).toEqual(['10000', '20000', '0'])
    expect(toCommits(position, { votes: [1] }, 10_000)).toEqual([{ topic: 'votes', partition: 1, offset: '20000' }])
    expect(segmentStart('9223372036854775807', 10)).toBe('9223372036854775800')
    expect(segmentStart('123', 1)).toBe('123')
  })

  it('hands out copies that do not move with the original', () => {
    const offsets = { votes: { '0': '1' } }
    const copy = copyOffsets(offsets)
    offsets.votes['0'] = '2'
    expect(copy).toEqual({ votes: { '0': '1' } })
  })

  it('checks a stored position and says what is wrong with it', () => {
    expect(toOffsets({ votes: { '0': '3' } }, 'here')).toEqual({ votes: { '0': '3' } })
    expect(() => toOffsets(42, 'kafka-source `in`')).toThrow(/^kafka-source `in`: the stored position is not a kafka-source position \(not an object\)/)
    expect(() => toOffsets({ votes: { '0': 3 } }, 'here')).toThrow(/votes\/0 = 3/)
  })

  it('counts the messages a member already handed out, beyond 2^53 too', () => {
    const at = (...offsets: string[]) => offsets.map((offset) => ({ offset }))
    expect(countBelow(at('5', '6', '7'), '7')).toBe(2)
    expect(countBelow(at('5', '6'), '5')).toBe(0)
    expect(countBelow(at('5', '6'), '9')).toBe(2)
    expect(countBelow(at('9007199254740993', '9007199254740994'), '9007199254740994')).toBe(1)
  })

  it('tells a checkpoint of other topics (another configuration under the same name) from one of these or an older topic list', () => {
    expect(fromOtherTopics({ 'a_partials': { 0: '5' } }, ['b_partials'])).toBe(true)
    expect(fromOtherTopics({ 'a_partials': { 0: '5' }, old: { 0: '1' } }, ['a_partials', 'new'])).toBe(false)
    expect(fromOtherTopics({}, ['b_partials'])).toBe(false)
  })
})
