import { describe, expect, it } from 'vitest'
import { ReplayFilter } from './replay-filter.ts'

const vote = (voter: string, time: string) => ({ key: voter, value: JSON.stringify({ voter_id: voter, voting_time: time }) })

describe('ReplayFilter', () => {
  it('skips, by key, each message already written after the checkpoint, once, and lets the rest through', () => {
    const filter = new ReplayFilter('key', [
      { topic: 'votes', ...vote('a', '10:00') },
      { topic: 'votes', ...vote('b', '10:01') },
      { topic: 'other', ...vote('c', '10:02') },
    ])
    expect(filter.remaining).toBe(3)
    // The replay may stamp another time: by key it is still the same vote.
    expect(filter.unwritten('votes', [vote('a', '10:05'), vote('d', '10:06')])).toEqual([vote('d', '10:06')])
    expect(filter.unwritten('votes', [vote('a', '10:07'), vote('b', '10:01')])).toEqual([vote('a', '10:07')])
    expect(filter.remaining).toBe(1)
    expect(filter.unwritten('votes', [vote('c', '10:02')])).toEqual([vote('c', '10:02')]) // another topic's message
    expect(filter.unwritten('other', [vote('c', '10:02')])).toEqual([])
    expect(filter.remaining).toBe(0)
  })

  it('by message, skips only equal key and value, as many times as they were written', () => {
    const filter = new ReplayFilter('message', [
      { topic: 't', ...vote('a', '10:00') },
      { topic: 't', ...vote('a', '10:00') },
      { topic: 't', key: null, value: '{"n":1}' },
    ])
    expect(filter.unwritten('t', [vote('a', '10:05'), vote('a', '10:00'), vote('a', '10:00'), vote('a', '10:00')])).toEqual([vote('a', '10:05'), vote('a', '10:00')])
    expect(filter.unwritten('t', [{ key: 'n', value: '{"n":1}' }, { key: null, value: '{"n":1}' }])).toEqual([{ key: 'n', value: '{"n":1}' }])
    expect(filter.remaining).toBe(0)
  })

  it('passes everything when nothing was written after the checkpoint', () => {
    const filter = new ReplayFilter('key', [])
    const messages = [vote('a', '10:00')]
    expect(filter.unwritten('votes', messages)).toBe(messages)
    expect(filter.remaining).toBe(0)
  })

  it('matches each topic its own way', () => {
    const filter = new ReplayFilter((topic) => (topic === 'votes' ? 'key' : 'message'), [
      { topic: 'votes', ...vote('a', '10:00') },
      { topic: 'totals', key: 'c1', value: '{"total_votes":5}' },
    ])
    expect(filter.unwritten('votes', [vote('a', '10:05')])).toEqual([])
    expect(filter.unwritten('totals', [{ key: 'c1', value: '{"total_votes":7}' }])).toEqual([{ key: 'c1', value: '{"total_votes":7}' }])
    expect(filter.remaining).toBe(1)
  })
})
