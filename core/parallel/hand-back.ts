/**
 * @module The sink every worker thread ends in: sends its streams to the main thread, and stores its
 * checkpoints there. A worker's checkpoint is complete (and its sources commit) only once the main
 * thread has a checkpoint covering everything the worker sent before it, so the commits of Kafka
 * offsets never pass what the main thread holds durably.
 */
import { Type } from '@sinclair/typebox'
import { definePlugin, type PluginDefinition } from '../plugin.ts'
import type { FromWorker } from './messages.ts'

/** Batches a worker may have sent that the main thread has not taken yet; then its writes wait. */
const CREDIT = 16

export interface MainLink {
  post(message: FromWorker): void
  /** The main thread took a batch. */
  onAck(listener: () => void): void
  /** The main thread holds checkpoint `id`'s data durably. */
  onSaved(listener: (id: number) => void): void
}

export function createHandBack(link: MainLink): PluginDefinition {
  let outstanding = 0
  let credit: (() => void) | undefined
  const saves = new Map<number, () => void>()
  link.onAck(() => {
    outstanding--
    if (outstanding < CREDIT) credit?.()
  })
  link.onSaved((id) => {
    saves.get(id)?.()
    saves.delete(id)
  })
  return definePlugin({
    name: 'parallel-hand-back',
    kind: 'sink',
    description: 'Sends a worker thread\'s streams to the main thread (core/parallel).',
    config: Type.Object({}),
    create(ctx) {
      return {
        async write(events, input) {
          while (outstanding >= CREDIT) {
            await untilAborted(ctx.signal, (resolve) => (credit = resolve))
            credit = undefined
          }
          outstanding++
          link.post({ t: 'batch', stream: input.role, events })
        },
        inOrder: () => true,
        checkpoints: {
          // Nothing to restore: sources resume from their committed offsets, keyed state starts empty
          // and counts each part again from its start (the main thread keeps the most complete count).
          load: async () => undefined,
          save: (checkpoint) => untilAborted(ctx.signal, (resolve) => {
            saves.set(checkpoint.id, resolve)
            link.post({ t: 'save', id: checkpoint.id })
          }),
        },
      }
    },
  })
}

/** A promise `start` resolves, rejected when the pipeline is forced to stop. */
function untilAborted(signal: AbortSignal, start: (resolve: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    start(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    })
  })
}
