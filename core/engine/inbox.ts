/** @module A node's bounded input queues: one per wired stream, with barrier alignment and `first` inputs. */
import type { Event, InputRef } from '../plugin.ts'

export type Message =
  | { type: 'data'; events: Event[] }
  | { type: 'barrier'; id: number }
  | { type: 'end' }

export type Taken =
  /** `batches`: how many queued batches `events` holds (more than one when `take` joined them). */
  | { type: 'data'; events: Event[]; input: InputRef; batches: number }
  | { type: 'barrier'; id: number }
  | { type: 'end' }
  | { type: 'tick' }

interface Channel {
  readonly input: InputRef
  readonly first: boolean
  readonly queue: Message[]
  /** Barrier id this channel is held at until every channel reaches it. */
  heldAt: number | undefined
  ended: boolean
  spaceWaiters: (() => void)[]
}

export class ClosedError extends Error {
  override name = 'ClosedError'
}

/**
 * Bounded queues feeding one node. Producers `push` (waiting while a queue is full: that is the
 * backpressure); the node `take`s. A barrier holds its channel until it arrives on every open
 * channel; `first` channels are drained before any other channel is read.
 */
export class Inbox {
  readonly channels: Channel[] = []
  private readonly capacity: number
  private wake: (() => void) | undefined
  private ticks = 0
  private cursor = 0
  private closed: Error | undefined

  constructor(capacity: number) {
    this.capacity = capacity
  }

  addChannel(input: InputRef, first = false): number {
    this.channels.push({ input, first, queue: [], heldAt: undefined, ended: false, spaceWaiters: [] })
    return this.channels.length - 1
  }

  /** Batches waiting in all queues. */
  get depth(): number {
    let n = 0
    for (const c of this.channels) n += c.queue.length
    return n
  }

  async push(index: number, message: Message): Promise<void> {
    const channel = this.channels[index]!
    while (channel.queue.length >= this.capacity && message.type === 'data') {
      if (this.closed) throw this.closed
      await new Promise<void>((resolve) => channel.spaceWaiters.push(resolve))
    }
    if (this.closed) throw this.closed
    channel.queue.push(message)
    this.notify()
  }

  /** Asks the node to run its timer hook between batches. */
  tick(): void {
    this.ticks = 1
    this.notify()
  }

  /** Unblocks every waiter with `error`; later pushes and takes throw it. */
  close(error: Error): void {
    this.closed = error
    for (const c of this.channels) for (const w of c.spaceWaiters.splice(0)) w()
    this.notify()
  }

  /**
   * The next message; data of an input `busy` says no to waits in its queue (others may pass it).
   * `joinUpTo`: data batches queued behind the one taken, on the same input and before any barrier
   * or end, are joined to it while the events stay within this many (a sink writes them at once).
   */
  async take(busy?: (input: InputRef) => boolean, joinUpTo = 0): Promise<Taken> {
    for (;;) {
      if (this.closed) throw this.closed
      const taken = this.poll(busy, joinUpTo)
      if (taken) return taken
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  /** Makes a waiting `take` look again (what `busy` says has changed). */
  recheck(): void {
    this.notify()
  }

  private poll(busy: ((input: InputRef) => boolean) | undefined, joinUpTo: number): Taken | undefined {
    if (this.ticks > 0) {
      this.ticks = 0
      return { type: 'tick' }
    }
    if (this.channels.length > 0 && this.channels.every((c) => c.ended)) return { type: 'end' }
    const aligned = this.alignedBarrier()
    if (aligned !== undefined) {
      for (const c of this.channels) c.heldAt = undefined
      return { type: 'barrier', id: aligned }
    }
    const firstOpen = this.channels.some((c) => c.first && !c.ended)
    const n = this.channels.length
    for (let k = 0; k < n; k++) {
      const i = (this.cursor + k) % n
      const c = this.channels[i]!
      if (c.ended || c.heldAt !== undefined || c.queue.length === 0) continue
      // While a `first` input is open, others may still pass barriers and ends, never data.
      if (firstOpen && !c.first && c.queue[0]!.type === 'data') continue
      if (busy && c.queue[0]!.type === 'data' && busy(c.input)) continue
      this.cursor = (i + 1) % n
      const message = this.shift(c)
      if (message.type === 'data') return this.join(c, message.events, joinUpTo)
      if (message.type === 'end') c.ended = true
      else c.heldAt = message.id
      return this.poll(busy, joinUpTo)
    }
    return undefined
  }

  private shift(c: Channel): Message {
    const message = c.queue.shift()!
    const waiter = c.spaceWaiters.shift()
    if (waiter) waiter()
    return message
  }

  /** `events` taken from `c`, with the data batches queued right behind them up to `limit` events in all (joined into a new array: batches are shared between consumers). */
  private join(c: Channel, events: Event[], limit: number): Taken {
    let joined = events
    let batches = 1
    for (let next = c.queue[0]; limit > 0 && next?.type === 'data' && joined.length + next.events.length <= limit; next = c.queue[0]) {
      joined = joined.concat(next.events)
      this.shift(c)
      batches++
    }
    return { type: 'data', events: joined, input: c.input, batches }
  }

  /** The barrier id every open channel is held at, if they all are. */
  private alignedBarrier(): number | undefined {
    let id: number | undefined
    for (const c of this.channels) {
      if (c.ended) continue
      if (c.heldAt === undefined) return undefined
      id = c.heldAt
    }
    return id
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    if (wake) wake()
  }
}
