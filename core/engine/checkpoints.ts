/** @module Aligned checkpoints: a barrier goes out from every source; once every sink has passed it, its positions are durable. */
import type { Checkpoint, Position } from '../plugin.ts'

interface Pending {
  id: number
  positions: Record<string, Position>
  states: Record<string, unknown>
  sourcesLeft: Set<string>
  sinksLeft: Set<string>
  waiters: (() => void)[]
}

/**
 * Tracks barriers in flight. Pure bookkeeping: the engine tells it what passed where, and it
 * hands back checkpoints in order once complete.
 */
export class CheckpointTracker {
  private nextId = 1
  private readonly pending: Pending[] = []
  private readonly liveSources: Set<string>
  private readonly liveSinks: Set<string>
  private readonly lastPositions: Record<string, Position> = {}
  private readonly finalStates: Record<string, unknown> = {}
  private readonly onComplete: (checkpoint: Checkpoint, waiters: (() => void)[]) => void

  constructor(sources: string[], sinks: string[], initial: Record<string, Position>, onComplete: (checkpoint: Checkpoint, waiters: (() => void)[]) => void) {
    this.liveSources = new Set(sources)
    this.liveSinks = new Set(sinks)
    Object.assign(this.lastPositions, initial)
    this.onComplete = onComplete
  }

  get inFlight(): number {
    return this.pending.length
  }

  /** Opens a barrier; returns its id and the sources that must inject it. */
  open(waiter?: () => void): { id: number; sources: string[] } {
    const id = this.nextId++
    const sources = [...this.liveSources]
    this.pending.push({ id, positions: {}, states: {}, sourcesLeft: new Set(sources), sinksLeft: new Set(this.liveSinks), waiters: waiter ? [waiter] : [] })
    this.settle()
    return { id, sources }
  }

  /** Adds a waiter to the newest barrier, opening one when none is in flight. */
  whenNextCompletes(waiter: () => void): { opened?: { id: number; sources: string[] } } {
    const last = this.pending.at(-1)
    if (last && last.sourcesLeft.size > 0) {
      last.waiters.push(waiter)
      return {}
    }
    return { opened: this.open(waiter) }
  }

  /** Source `source` injected barrier `id` right after the batch that reached `position`. */
  sourcePassed(id: number, source: string, position: Position | undefined): void {
    if (position !== undefined) this.lastPositions[source] = position
    const p = this.pending.find((x) => x.id === id)
    if (p && this.lastPositions[source] !== undefined) p.positions[source] = this.lastPositions[source]
    p?.sourcesLeft.delete(source)
    this.settle()
  }

  /** A source ended: it passes every open and future barrier at its last position. */
  sourceEnded(source: string, position: Position | undefined): void {
    if (position !== undefined) this.lastPositions[source] = position
    this.liveSources.delete(source)
    for (const p of this.pending) {
      if (p.sourcesLeft.delete(source) && this.lastPositions[source] !== undefined) p.positions[source] = this.lastPositions[source]
    }
    this.settle()
  }

  /** A transform's or sink's state as of barrier `id`. */
  nodeSnapshot(id: number, node: string, state: unknown): void {
    const p = this.pending.find((x) => x.id === id)
    if (p) p.states[node] = state
  }

  /** A transform or sink ended: its final state belongs to every later checkpoint. */
  nodeEnded(node: string, state: unknown): void {
    if (state !== undefined) this.finalStates[node] = state
  }

  sinkPassed(id: number, sink: string): void {
    this.pending.find((x) => x.id === id)?.sinksLeft.delete(sink)
    this.settle()
  }

  sinkEnded(sink: string): void {
    this.liveSinks.delete(sink)
    for (const p of this.pending) p.sinksLeft.delete(sink)
    this.settle()
  }

  /** Positions as of everything the sources have passed on so far. */
  positions(): Record<string, Position> {
    return { ...this.lastPositions }
  }

  private settle(): void {
    for (;;) {
      const head = this.pending[0]
      if (!head || head.sourcesLeft.size > 0 || head.sinksLeft.size > 0) return
      this.pending.shift()
      // Sources that ended before this barrier opened are done: their last position holds.
      const positions = { ...this.lastPositions, ...head.positions }
      this.onComplete({ id: head.id, positions, states: { ...this.finalStates, ...head.states } }, head.waiters)
    }
  }
}
