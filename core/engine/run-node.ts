/** @module The loop of a transform or sink: take from the inbox, run the hook, deliver what it emitted, pass barriers on. */
import type { SinkInstance, TransformInstance } from '../plugin.ts'
import type { CheckpointTracker } from './checkpoints.ts'
import type { NodeRuntime } from './node-runtime.ts'

export async function runTransform(node: NodeRuntime, tracker: CheckpointTracker): Promise<void> {
  const transform = node.instance as TransformInstance
  const inbox = node.inbox!
  const { metrics, emit } = node
  for (;;) {
    const taken = await inbox.take()
    metrics.queueDepth = inbox.depth
    if (taken.type === 'data') {
      metrics.eventsIn += taken.events.length
      metrics.batches++
      await node.hook('process', () => transform.process(taken.events, taken.input, emit))
      await node.deliver()
    } else if (taken.type === 'tick') {
      if (!transform.tick) continue
      const now = node.ctx.clock.now()
      await node.hook('tick', () => transform.tick!(now, emit))
      await node.deliver()
    } else if (taken.type === 'barrier') {
      if (transform.snapshot) tracker.transformSnapshot(taken.id, node.spec.id, await node.hook('snapshot', () => transform.snapshot!()))
      await node.broadcast(taken)
    } else {
      if (transform.flush) await node.hook('flush', () => transform.flush!(emit))
      await node.deliver()
      if (transform.snapshot) tracker.transformEnded(node.spec.id, await node.hook('snapshot', () => transform.snapshot!()))
      await node.broadcast({ type: 'end' })
      return
    }
  }
}

export async function runSink(node: NodeRuntime, tracker: CheckpointTracker): Promise<void> {
  const sink = node.instance as SinkInstance
  const inbox = node.inbox!
  const { metrics, emit } = node
  for (;;) {
    const taken = await inbox.take()
    metrics.queueDepth = inbox.depth
    if (taken.type === 'data') {
      metrics.eventsIn += taken.events.length
      metrics.batches++
      await node.hook('write', () => sink.write(taken.events, taken.input, emit))
      await node.deliver()
    } else if (taken.type === 'barrier') {
      await node.broadcast(taken)
      tracker.sinkPassed(taken.id, node.spec.id)
    } else if (taken.type === 'end') {
      await node.broadcast({ type: 'end' })
      tracker.sinkEnded(node.spec.id)
      return
    }
  }
}
