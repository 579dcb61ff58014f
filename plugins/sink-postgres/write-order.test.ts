import { describe, expect, it } from 'vitest'
import { WriteOrder } from './write-order.ts'

function deferred() {
  let resolve: () => void = () => undefined
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('the order of side-by-side writes', () => {
  it('makes a write wait only for running writes inserting a row it references', () => {
    const order = new WriteOrder()
    const first = deferred()
    const second = deferred()
    order.track('voters', new Set(['a', 'b']), first.promise)
    order.track('voters', new Set(['c']), second.promise)
    expect(order.blockers([{ table: 'voters', values: ['b', 'x'] }])).toEqual([first.promise])
    expect(order.blockers([{ table: 'voters', values: ['x', null] }])).toEqual([])
    expect(order.blockers([{ table: 'candidates', values: ['a'] }])).toEqual([])
    expect([order.isWriting('voters'), order.isWriting('candidates')]).toEqual([true, false])
  })

  it('waits for a running write whose keys it does not know', () => {
    const order = new WriteOrder()
    const unknown = deferred()
    order.track('voters', undefined, unknown.promise)
    expect(order.blockers([{ table: 'voters', values: ['anything'] }])).toEqual([unknown.promise])
  })

  it('forgets a write once it finished, failed or not', async () => {
    const order = new WriteOrder()
    const ok = deferred()
    const failed = Promise.reject(new Error('lost'))
    failed.catch(() => undefined)
    order.track('voters', new Set(['a']), ok.promise)
    order.track('voters', new Set(['a']), failed)
    ok.resolve()
    await ok.promise
    await failed.catch(() => undefined)
    await Promise.resolve()
    expect(order.blockers([{ table: 'voters', values: ['a'] }])).toEqual([])
    expect(order.isWriting('voters')).toBe(false)
  })
})
