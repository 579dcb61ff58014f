/** @module A small bounded queue between the Kafka client's push callbacks and the pipeline's pull: a full queue makes the pusher wait. */

/**
 * `push` waits while `capacity` items are queued; `take` waits while none are. `clear` drops what
 * is queued (a rebalance made it stale); `close` wakes every waiter for good.
 */
export class HandOff<T> {
  private readonly items: T[] = []
  private readonly capacity: number
  private spaceWaiters: (() => void)[] = []
  private itemWaiters: (() => void)[] = []
  private closed = false

  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new Error(`HandOff capacity must be at least 1, got ${capacity}`)
    this.capacity = capacity
  }

  get size(): number {
    return this.items.length
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Queues `item` if there is room; false when full or closed. */
  offer(item: T): boolean {
    if (this.closed || this.items.length >= this.capacity) return false
    this.items.push(item)
    this.wake('item')
    return true
  }

  /** Puts an item back at the head (the unread rest of a split batch); ignores capacity. */
  unshift(item: T): void {
    if (this.closed) return
    this.items.unshift(item)
    this.wake('item')
  }

  /** Removes and returns the head, or undefined when empty. */
  poll(): T | undefined {
    const item = this.items.shift()
    if (item !== undefined) this.wake('space')
    return item
  }

  /** Resolves when there may be room (or the queue closed). */
  whenSpace(): Promise<void> {
    if (this.closed || this.items.length < this.capacity) return Promise.resolve()
    return new Promise((resolve) => this.spaceWaiters.push(resolve))
  }

  /** Resolves when there may be an item (or the queue closed). */
  whenItem(): Promise<void> {
    if (this.closed || this.items.length > 0) return Promise.resolve()
    return new Promise((resolve) => this.itemWaiters.push(resolve))
  }

  clear(): void {
    this.items.length = 0
    this.wake('space')
  }

  close(): void {
    this.closed = true
    this.items.length = 0
    this.wake('space')
    this.wake('item')
  }

  private wake(what: 'space' | 'item'): void {
    const waiters = what === 'space' ? this.spaceWaiters : this.itemWaiters
    if (waiters.length === 0) return
    if (what === 'space') this.spaceWaiters = []
    else this.itemWaiters = []
    for (const resolve of waiters) resolve()
  }
}
