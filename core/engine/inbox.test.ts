import { describe, expect, it } from 'vitest'
import type { Event, InputRef } from '../plugin.ts'
import { Inbox } from './inbox.ts'

const input = (from: string): InputRef => ({ role: 'in', from })
const batch = (from: number, n: number): Event[] => Array.from({ length: n }, (_, i) => ({ n: from + i }))
const numbers = (events: Event[]) => events.map((e) => e.n)

describe('Inbox.take joining queued batches', () => {
  it('joins the data batches queued behind the one taken, in order, up to the limit', async () => {
    const inbox = new Inbox(8)
    inbox.addChannel(input('a'))
    for (let i = 0; i < 4; i++) await inbox.push(0, { type: 'data', events: batch(i * 3, 3) })
    const first = await inbox.take(undefined, 7)
    expect(first).toMatchObject({ type: 'data', batches: 2 })
    expect(numbers((first as { events: Event[] }).events)).toEqual([0, 1, 2, 3, 4, 5])
    const second = await inbox.take(undefined, 7)
    expect(numbers((second as { events: Event[] }).events)).toEqual([6, 7, 8, 9, 10, 11])
    expect(inbox.depth).toBe(0)
  })

  it('never joins across a barrier or the end, nor batches of another input', async () => {
    const inbox = new Inbox(8)
    inbox.addChannel(input('a'))
    inbox.addChannel(input('b'))
    await inbox.push(0, { type: 'data', events: batch(0, 2) })
    await inbox.push(1, { type: 'data', events: batch(100, 2) })
    await inbox.push(0, { type: 'barrier', id: 1 })
    await inbox.push(0, { type: 'data', events: batch(2, 2) })
    const taken = await inbox.take(undefined, 1000)
    expect(numbers((taken as { events: Event[] }).events)).toEqual([0, 1])
    expect(numbers(((await inbox.take(undefined, 1000)) as { events: Event[] }).events)).toEqual([100, 101])
    await inbox.push(1, { type: 'barrier', id: 1 })
    expect(await inbox.take(undefined, 1000)).toEqual({ type: 'barrier', id: 1 })
    expect(numbers(((await inbox.take(undefined, 1000)) as { events: Event[] }).events)).toEqual([2, 3])
  })

  it('takes one batch at a time by default, and a batch larger than the limit whole', async () => {
    const inbox = new Inbox(8)
    inbox.addChannel(input('a'))
    await inbox.push(0, { type: 'data', events: batch(0, 5) })
    await inbox.push(0, { type: 'data', events: batch(5, 1) })
    expect(await inbox.take()).toMatchObject({ batches: 1 })
    await inbox.push(0, { type: 'data', events: batch(6, 10) })
    await inbox.push(0, { type: 'data', events: batch(16, 1) })
    const big = (await inbox.take(undefined, 4)) as { events: Event[]; batches: number }
    expect(big.events).toHaveLength(1)
    const whole = (await inbox.take(undefined, 4)) as { events: Event[]; batches: number }
    expect([whole.events.length, whole.batches]).toEqual([10, 1])
  })

  it('joins into a new array (a batch is shared by every consumer of its stream) and frees one queue place per batch', async () => {
    const inbox = new Inbox(2)
    inbox.addChannel(input('a'))
    const shared = batch(0, 2)
    await inbox.push(0, { type: 'data', events: shared })
    await inbox.push(0, { type: 'data', events: batch(2, 2) })
    const pushed: number[] = []
    const waiting = [4, 6].map((from) => inbox.push(0, { type: 'data', events: batch(from, 2) }).then(() => pushed.push(from)))
    const taken = (await inbox.take(undefined, 100)) as { events: Event[]; batches: number }
    expect([taken.events.length, taken.batches]).toEqual([4, 2])
    expect(taken.events).not.toBe(shared)
    expect(shared).toHaveLength(2)
    await Promise.all(waiting)
    expect(pushed).toEqual([4, 6])
    expect(inbox.depth).toBe(2)
  })

  it('with the default limit, takes empty batches one at a time too', async () => {
    const inbox = new Inbox(8)
    inbox.addChannel(input('a'))
    await inbox.push(0, { type: 'data', events: [] })
    await inbox.push(0, { type: 'data', events: [] })
    expect(await inbox.take()).toMatchObject({ batches: 1 })
    expect(inbox.depth).toBe(1)
  })
})
