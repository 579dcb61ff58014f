/** @module The loop of a transform or sink: take from the inbox, run the hook, deliver what it emitted, pass barriers on. */
import { observe } from '../operator/histogram.ts'
import type { Emit, Event, InputRef, SinkInstance, TransformInstance } from '../plugin.ts'
import type { CheckpointTracker } from './checkpoints.ts'
import type { NodeRuntime } from './node-runtime.ts'

/** The next message of the node's inbox, counted in its metrics. */
async function take(node: NodeRuntime, busy?: (input: InputRef) => boolean, joinUpTo?: number) {
  const taken = await node.inbox!.take(busy, joinUpTo)
  node.metrics.queueDepth = node.inbox!.depth
  if (taken.type === 'data') {
    node.metrics.eventsIn += taken.events.length
    node.metrics.batches += taken.batches
  }
  return taken
}

export async function runTransform(node: NodeRuntime, tracker: CheckpointTracker): Promise<void> {
  const transform = node.instance as TransformInstance
  const { emit } = node
  for (;;) {
    const taken = await take(node)
    if (taken.type === 'data') {
      await node.hook('process', () => transform.process(taken.events, taken.input, emit))
      await node.deliver()
    } else if (taken.type === 'tick') {
      if (!transform.tick) continue
      const now = node.ctx.clock.now()
      await node.hook('tick', () => transform.tick!(now, emit))
      await node.deliver()
    } else if (taken.type === 'barrier') {
      await snapshot(node, tracker, taken.id)
      await node.broadcast(taken)
    } else {
      if (transform.flush) await node.hook('flush', () => transform.flush!(emit))
      await node.deliver()
      await snapshot(node, tracker, undefined)
      await node.broadcast({ type: 'end' })
      return
    }
  }
}

export async function runSink(node: NodeRuntime, tracker: CheckpointTracker): Promise<void> {
  const sink = node.instance as SinkInstance
  if ((sink.concurrency ?? 1) > 1) return runConcurrentSink(node, tracker, sink.concurrency!)
  const { emit } = node
  for (;;) {
    const taken = await take(node, undefined, sink.joinUpTo)
    if (taken.type === 'data') {
      await timed(node, () => node.hook('write', () => sink.write(taken.events, taken.input, emit)))
      await node.deliver()
    } else if (taken.type === 'barrier') {
      await snapshot(node, tracker, taken.id)
      await node.broadcast(taken)
      tracker.sinkPassed(taken.id, node.spec.id)
    } else if (taken.type === 'end') {
      await snapshot(node, tracker, undefined)
      await node.broadcast({ type: 'end' })
      tracker.sinkEnded(node.spec.id)
      return
    }
  }
}

/** Runs a sink's write hook, recording how long it took (retries included) once it succeeded. */
async function timed(node: NodeRuntime, write: () => Promise<unknown>): Promise<void> {
  const started = performance.now()
  await write()
  if (node.metrics.writeSeconds) observe(node.metrics.writeSeconds, (performance.now() - started) / 1000)
}

/** Records a stateful node's state for barrier `id` (or, at the end, for every later checkpoint); its work before it is done. */
async function snapshot(node: NodeRuntime, tracker: CheckpointTracker, id: number | undefined): Promise<void> {
  const stateful = node.instance as TransformInstance | SinkInstance
  if (!stateful.snapshot) return
  const state = await node.hook('snapshot', () => stateful.snapshot!())
  if (id === undefined) tracker.nodeEnded(node.spec.id, state)
  else tracker.nodeSnapshot(id, node.spec.id, state)
}

/**
 * A sink taking up to `limit` writes at once, one per input at most (so each input stays in
 * order) unless the sink's `inOrder` lets an input's batches overlap. Barriers and the end wait
 * until every running write is done.
 */
async function runConcurrentSink(node: NodeRuntime, tracker: CheckpointTracker, limit: number): Promise<void> {
  const sink = node.instance as SinkInstance
  const running = new Set<Promise<void>>()
  // Writes running per input, keyed by the inbox channel's input (the same object on every batch of that stream).
  const runningOf = new Map<InputRef, number>()
  let failure: { error: unknown } | undefined
  let sending: Promise<void> = Promise.resolve()
  const check = () => {
    if (failure) throw failure.error
  }
  const settleOne = async () => {
    await Promise.race(running)
    check()
  }
  const settleAll = async () => {
    await Promise.all(running)
    check()
  }
  /** One write with its own emit buffer (writes overlap, so they cannot share the node's). */
  const write = async (events: Event[], input: InputRef) => {
    const emitted: { port: string; events: Event[] }[] = []
    const emit: Emit = (out, port = 'out') => void (out.length > 0 && emitted.push({ port, events: out }))
    await timed(node, () => node.hook('write', () => {
      emitted.length = 0
      return sink.write(events, input, emit)
    }))
    // Sends go out one at a time, in the order the writes finished (an inbox channel takes one pusher).
    const sent = sending.then(async () => {
      for (const { port, events: out } of emitted) await node.send(port, out)
    })
    sending = sent.catch(() => undefined)
    await sent
  }
  // Batches of an input with a write running wait in their queue while other inputs' pass them.
  const busy = (input: InputRef) => (runningOf.get(input) ?? 0) > 0 && (sink.inOrder?.(input) ?? true)
  try {
    for (;;) {
      while (running.size >= limit) await settleOne()
      const taken = await take(node, busy, sink.joinUpTo)
      check()
      if (taken.type === 'data') {
        const input = taken.input
        runningOf.set(input, (runningOf.get(input) ?? 0) + 1)
        const finished = () => {
          running.delete(done)
          runningOf.set(input, runningOf.get(input)! - 1)
        }
        const done: Promise<void> = write(taken.events, input).then(
          finished,
          (error: unknown) => {
            finished()
            failure ??= { error }
            // Sinks get no timer ticks: this one only wakes the loop to fail now.
            node.inbox!.tick()
          },
        )
        running.add(done)
        void done.then(() => node.inbox!.recheck())
      } else if (taken.type === 'barrier') {
        await settleAll()
        await snapshot(node, tracker, taken.id)
        await node.broadcast(taken)
        tracker.sinkPassed(taken.id, node.spec.id)
      } else if (taken.type === 'end') {
        await settleAll()
        await snapshot(node, tracker, undefined)
        await node.broadcast({ type: 'end' })
        tracker.sinkEnded(node.spec.id)
        return
      }
    }
  } finally {
    // On failure, let the other writes finish before the node stops (their errors are already reported by the first).
    await Promise.all(running)
  }
}
