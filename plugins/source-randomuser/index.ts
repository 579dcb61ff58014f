/** @module The randomuser source: voters, candidates or raw randomuser.me records, generated offline (default) or fetched over HTTP. */
import { definePlugin, type Position, type SourceBatch } from '../../core/plugin.ts'
import { readGeneratedBatches } from './generated-batches.ts'
import { readHttpBatches } from './http-batches.ts'
import { createPacer, pacedChunkSize } from '../../core/pacer.ts'
import { RandomUserConfigSchema, type RandomUserConfig } from './schema.ts'

export default definePlugin({
  name: 'randomuser',
  kind: 'source',
  description: 'Voters, candidates or raw records in the randomuser.me format (GB): generated offline and deterministically by default, or fetched from a randomuser-compatible API.',
  config: RandomUserConfigSchema,
  metrics: { http_retries: { kind: 'count', description: 'HTTP mode: requests to the API retried after a failure.' } },
  ports: { dead: 'HTTP mode: records that do not parse, as { reason: "invalid_record", detail, record }.' },
  create(ctx, config) {
    const nowMs = parseNow(config.now)
    const count = config.count ?? (config.role === 'candidate' ? config.parties.length : Number.POSITIVE_INFINITY)
    const chunkSize = pacedChunkSize(config.ratePerSec, config.batchSize)
    return {
      async *read(from: Position | undefined, signal: AbortSignal): AsyncGenerator<SourceBatch> {
        const start = startSequence(from)
        const pacer = createPacer(ctx.clock, config.ratePerSec)
        const batches =
          config.mode === 'http'
            ? readHttpBatches(httpStream(config, count, chunkSize), start, pacer, {
                clock: ctx.clock,
                signal,
                onRetry: (message) => {
                  ctx.metrics.count('http_retries')
                  ctx.log.warn(`randomuser \`${ctx.nodeId}\`: ${message}`)
                },
              })
            : readGeneratedBatches({ ...config, nowMs, count, chunkSize }, start, pacer, signal)
        try {
          yield* batches
        } catch (error) {
          if (signal.aborted) return // a forced stop ends the stream; anything else is the engine's to report
          throw error
        }
      },
    }
  },
})

function httpStream(config: RandomUserConfig, count: number, chunkSize: number) {
  const { url, role, parties, pageSize, maxAttempts, timeoutMs, backoffMs } = config
  return { url, seed: String(config.seed), role, parties, count, pageSize, chunkSize: Math.min(chunkSize, pageSize), policy: { maxAttempts, timeoutMs, backoffMs } }
}

/** Errors thrown from hooks need no node name: the engine wraps them with the node and the hook. */
function parseNow(now: string): number {
  const ms = Date.parse(now)
  if (!Number.isFinite(ms)) throw new Error(`\`now\` is not a valid date: "${now}" (use an ISO-8601 UTC time such as 2025-01-01T00:00:00Z)`)
  return ms
}

/** The position is the sequence number of the next record. */
export function startSequence(from: Position | undefined): number {
  if (from === undefined || from === null) return 0
  if (typeof from === 'number' && Number.isSafeInteger(from) && from >= 0) return from
  throw new Error(`cannot resume from position ${JSON.stringify(from)}: expected the sequence number of the next record (an integer ≥ 0); clear the checkpoint to start over`)
}
