import { describe, expect, it } from 'vitest'
import { HandOff } from './hand-off.ts'

describe('HandOff', () => {
  it('holds at most its capacity and wakes a waiting pusher when an item is taken', async () => {
    const q = new HandOff<number>(2)
    expect(q.offer(1)).toBe(true)
    expect(q.offer(2)).toBe(true)
    expect(q.offer(3)).toBe(false)
    let woke = false
    const space = q.whenSpace().then(() => (woke = true))
    await Promise.resolve()
    expect(woke).toBe(false)
    expect(q.poll()).toBe(1)
    await space
    expect(woke).toBe(true)
    expect(q.offer(3)).toBe(true)
    expect([q.poll(), q.poll(), q.poll()]).toEqual([2, 3, undefined])
  })

  it('wakes a waiting taker when an item arrives', async () => {
    const q = new HandOff<string>(1)
    const item = q.whenItem().then(() => q.poll())
    q.offer('a')
    expect(await item).toBe('a')
  })

  it('puts a remainder back at the head even when full', () => {
    const q = new HandOff<string>(1)
    q.offer('b')
    q.unshift('a')
    expect([q.poll(), q.poll()]).toEqual(['a', 'b'])
  })

  it('clear drops stale items and frees the pushers; close wakes everyone for good', async () => {
    const q = new HandOff<number>(1)
    q.offer(1)
    const space = q.whenSpace()
    q.clear()
    await space
    expect(q.size).toBe(0)
    const item = q.whenItem()
    q.close()
    await item
    expect(q.offer(2)).toBe(false)
    expect(q.isClosed).toBe(true)
  })

  it('refuses a capacity below one', () => {
    expect(() => new HandOff(0)).toThrow(/at least 1/)
  })
})
