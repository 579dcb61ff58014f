/** @module The loop that pulls a source: batches go downstream, barriers go in between, retryable read failures resume from the last position. */
import { NodeError } from '../errors.ts'
import { isRetryable, type Position, type SourceBatch, type SourceInstance } from '../plugin.ts'
import type { CheckpointTracker } from './checkpoints.ts'
import type { NodeRuntime } from './node-runtime.ts'
import { backoffDelayMs } from './retry.ts'

export interface SourceControl {
  /** Barrier ids to inject after the current batch. */
  readonly barriers: number[]
  /** Wakes the loop when a barrier is requested. */
  wake: (() => void) | undefined
}

type Step = { kind: 'batch'; result: IteratorResult<SourceBatch> } | { kind: 'wake' } | { kind: 'stop' }

export async function runSource(
  node: NodeRuntime,
  control: SourceControl,
  tracker: CheckpointTracker,
  from: Position | undefined,
  stopSignal: AbortSignal,
): Promise<void> {
  const source = node.instance as SourceInstance
  const { metrics } = node
  let position = from
  let attempt = 0
  // One short-lived promise per wait, resolved by a wake-up or the stop signal. (Racing against a
  // promise that lives as long as the run would leave a reaction holding every batch ever read.)
  let stop: (() => void) | undefined
  stopSignal.addEventListener('abort', () => stop?.(), { once: true })
  const injectBarriers = async () => {
    while (control.barriers.length > 0) {
      const id = control.barriers.shift()!
      tracker.sourcePassed(id, node.spec.id, position)
      await node.broadcast({ type: 'barrier', id })
    }
  }
  reading: for (;;) {
    const iterator = source.read(position, stopSignal)[Symbol.asyncIterator]()
    let next = iterator.next().then((result): Step => ({ kind: 'batch', result }))
    try {
      for (;;) {
        await injectBarriers()
        const woken = new Promise<Step>((resolve) => {
          control.wake = () => resolve({ kind: 'wake' })
          stop = () => resolve({ kind: 'stop' })
          if (stopSignal.aborted) stop()
        })
        const step = await Promise.race([next, woken])
        control.wake = undefined
        stop = undefined
        if (step.kind === 'wake') continue
        if (step.kind === 'stop') {
          iterator.return?.().catch((error: unknown) => node.ctx.log.warn(`read() did not close cleanly: ${String(error)}`))
          break reading
        }
        if (step.result.done) break reading
        const batch = step.result.value
        attempt = 0
        metrics.batches++
        await node.send('out', batch.events)
        if (batch.ports) for (const [port, events] of Object.entries(batch.ports)) if (events.length > 0) await node.send(port, events)
        if (batch.position !== undefined) position = batch.position
        next = iterator.next().then((result): Step => ({ kind: 'batch', result }))
      }
    } catch (error) {
      if (!isRetryable(error) || stopSignal.aborted || ++attempt >= node.spec.retry.maxAttempts) {
        metrics.errors++
        throw new NodeError(node.spec.id, node.spec.plugin.name, 'read', error)
      }
      metrics.retries++
      const delayMs = backoffDelayMs(node.spec.retry, attempt)
      node.ctx.log.warn(`read() failed (attempt ${attempt}), resuming from the last position in ${delayMs} ms: ${error instanceof Error ? error.message : String(error)}`)
      await node.ctx.clock.sleep(delayMs, stopSignal).catch(() => undefined)
      if (stopSignal.aborted) break
    }
  }
  control.barriers.length = 0
  tracker.sourceEnded(node.spec.id, position)
  await node.broadcast({ type: 'end' })
}
