/** @module Bridges the kafkajs consumer (push: eachBatch) to the engine's pull: a bounded hand-off, offsets committed only by commit(), drain before rebalance. */
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs'
import { RetryableError, type PluginContext, type SourceBatch } from '../../core/plugin.ts'
import { isAuthenticationFailure, toPluginError } from '../sink-kafka/client.ts'
import { decodeMessages, type Validator } from './decode.ts'
import { consumerConfig } from './consumer-config.ts'
import { createCoordinatorWait, pause } from './coordinator-wait.ts'
import { HandOff } from './hand-off.ts'
import { copyOffsets, countBelow, fromOtherTopics, lagOf, nextOffset, toCommits, toOffsets, type Offsets } from './offsets.ts'

export interface ReaderOptions {
  groupId: string
  topics: string[]
  fromBeginning: boolean
  /** Most messages in one yielded batch. */
  maxBatchEvents: number
  /** Batches held between the client and the pipeline; when full, fetching pauses (backpressure). */
  queueBatches: number
  sessionTimeoutMs: number
  maxWaitMs: number
  fetchMinBytes: number
  maxBytesPerPartition: number
  validate?: Validator
  /** Decodes a message value (default: the whole JSON text). */
  parse?: (bytes: Buffer) => unknown
  metadata: boolean
  /** Commits are rounded down to a multiple of this (1: exact); with `metadata`, events carry `_kafka.segment`. */
  segmentSize: number
  /** read() ends after this long without a message (finite runs, tests). */
  stopWhenIdleMs?: number
  /** read() ends after this many messages (good and dead). */
  maxMessages?: number
}

interface Chunk {
  generation: number
  topic: string
  partition: number
  highWatermark: string
  messages: KafkaMessage[]
}

const rebalanceTypes = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP'])
const typeOf = (error: unknown) => (error as { type?: unknown } | null)?.type

/** One consumer-group member. `read` may be called again after it ended: it resumes where the last one stopped. */
export function createKafkaReader(kafka: Kafka, ctx: PluginContext, options: ReaderOptions) {
  const handOff = new HandOff<Chunk>(options.queueBatches)
  const yielded: Offsets = {}
  const where = `kafka-source \`${ctx.nodeId}\` (group ${options.groupId})`
  let generation = 0
  /** Set from noticing a rebalance until the next join: batches fetched meanwhile are left for the next owner. */
  let rejoining = false
  /** From a rebalance's start until this member joined the next generation (no idleness counted then). */
  let betweenGenerations = false
  let assigned: Record<string, number[]> | undefined
  let running = false
  /** Why the client stopped for good (kafkajs gave up on it); the next read() starts a new one. */
  let crashed: Error | undefined
  let skipWarned = false
  let wakeOnCrash: () => void = () => undefined
  const coordinatorWait = createCoordinatorWait(ctx.retry, where)
  let markStopped: () => void = () => undefined
  /** Resolves when this member stops or the pipeline is forced to: nothing more will be flushed then. */
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve
    ctx.signal.addEventListener('abort', () => resolve(), { once: true })
  })

  /** A kafkajs consumer reporting to this reader; a new one replaces a client that crashed for good. */
  const newConsumer = (): Consumer => {
    const client = kafka.consumer(consumerConfig(options))
    client.on(client.events.GROUP_JOIN, ({ payload }) => {
      // A new generation: kafkajs restarts every partition from its committed offset, so what is queued is stale.
      generation++
      rejoining = false
      betweenGenerations = false
      handOff.clear()
      coordinatorWait.joined()
      // `yielded` keeps the partitions this member lost: should one come back, it goes on after what it read.
      assigned = payload.memberAssignment
      // Their lag is another member's now: 0 here, so the lags of all members add up to the group's.
      for (const [topic, partitions] of Object.entries(yielded)) {
        for (const partition of Object.keys(partitions)) if (!assigned[topic]?.includes(Number(partition))) ctx.metrics.gauge(`lag.${topic}.${partition}`, 0)
      }
      ctx.metrics.count('rebalances')
    })
    // The client noticed a rebalance itself (this member was idle, so not in eachBatch): it is
    // rejoining already. Flush anyway; commits that land before the join completes still count.
    client.on(client.events.REBALANCING, () => {
      if (rejoining) return
      generation++
      betweenGenerations = true
      handOff.clear()
      ctx.metrics.count('rebalancesWhileIdle')
      Promise.race([ctx.flushed(), stopped]).then(undefined, (error: unknown) => ctx.log.warn(`${where}: flushing before a rebalance failed: ${String(error)}`))
    })
    client.on(client.events.CRASH, ({ payload }) => {
      if (client !== consumer) return
      // kafkajs disconnected this client (e.g. the broker is down): read() starts a new one.
      crashed = toPluginError(payload.error, `${where}: the Kafka consumer stopped`)
      wakeOnCrash()
    })
    return client
  }
  let consumer = newConsumer()

  /** Heartbeats; when the group starts rebalancing, first waits until everything yielded is committed (while we still own it). */
  const beat = async (heartbeat: () => Promise<void>) => {
    try {
      await heartbeat()
    } catch (error) {
      if (rebalanceTypes.has(String(typeOf(error))) && !rejoining) {
        rejoining = true
        generation++
        handOff.clear()
        if (typeOf(error) === 'REBALANCE_IN_PROGRESS') await Promise.race([ctx.flushed(), stopped])
      }
      throw error
    }
  }

  const eachBatch = async ({ batch, heartbeat, resolveOffset, isRunning, isStale }: EachBatchPayload) => {
    if (rejoining) return
    const mine = generation
    for (let i = 0; i < batch.messages.length; i += options.maxBatchEvents) {
      const messages = batch.messages.slice(i, i + options.maxBatchEvents)
      const chunk: Chunk = { generation: mine, topic: batch.topic, partition: batch.partition, highWatermark: batch.highWatermark, messages }
      while (!handOff.offer(chunk)) {
        if (handOff.isClosed || mine !== generation || !isRunning() || isStale()) return
        await waitForSpace()
        await beat(heartbeat)
      }
      resolveOffset(messages.at(-1)!.offset)
      // Throttled by the client to one request per heartbeat interval; checking here means a
      // rebalance is nearly always noticed by us (and drained) rather than by the client loop.
      await beat(heartbeat)
    }
  }

  /**
   * Waits for room in the hand-off, at most a second, so the caller can heartbeat. Real time, not
   * the pipeline clock: the group coordinator counts the session in its own time.
   */
  const waitForSpace = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([handOff.whenSpace(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))])
    clearTimeout(timer)
  }

  /** 'item' when one may be queued, 'idle' after `idleMs` without, 'stop' on abort or crash. */
  const waitForItem = async (signal: AbortSignal, idleMs: number | undefined): Promise<'item' | 'idle' | 'stop'> => {
    const done = new AbortController()
    const waits: Promise<'item' | 'idle' | 'stop'>[] = [
      handOff.whenItem().then(() => 'item'),
      new Promise((resolve) => {
        const stop = () => resolve('stop')
        wakeOnCrash = stop
        signal.addEventListener('abort', stop, { once: true })
        done.signal.addEventListener('abort', () => signal.removeEventListener('abort', stop), { once: true })
      }),
    ]
    // A rebalance is not idleness: a wait that saw one (a new generation, or a join still under way) starts over.
    const startedIn = generation
    const idle = () => (generation === startedIn && !rejoining && !betweenGenerations ? 'idle' : 'item')
    if (idleMs !== undefined && assigned) waits.push(ctx.clock.sleep(idleMs, done.signal).then(idle, () => 'item'))
    const result = await Promise.race(waits)
    done.abort()
    return result
  }

  const toBatch = (chunk: Chunk): SourceBatch => {
    const { events, dead } = decodeMessages(chunk.messages, chunk.topic, chunk.partition, options)
    const next = nextOffset(chunk.messages.at(-1)!.offset)
    ;(yielded[chunk.topic] ??= {})[chunk.partition] = next
    ctx.metrics.gauge(`lag.${chunk.topic}.${chunk.partition}`, lagOf(chunk.highWatermark, next))
    return dead.length > 0 ? { events, position: copyOffsets(yielded), ports: { dead } } : { events, position: copyOffsets(yielded) }
  }

  /**
   * After a rebalance kafkajs restarts every partition from its committed offset, also the ones
   * this member keeps, so messages it already handed to the pipeline come again: drops them
   * (the pipeline counted them once already). The same for a partition it gets back after another
   * member had it: it goes on after what it read itself, or from the other's commit if that is
   * further. So a member reads each offset at most once, in order.
   */
  const unseen = (chunk: Chunk): Chunk | undefined => {
    const next = yielded[chunk.topic]?.[chunk.partition]
    if (next === undefined) return chunk
    const seen = countBelow(chunk.messages, next)
    if (seen === 0) return chunk
    ctx.metrics.count('redeliveredSkipped', seen)
    return seen === chunk.messages.length ? undefined : { ...chunk, messages: chunk.messages.slice(seen) }
  }

  /**
   * Continues after a position the engine hands back (a checkpoint, or the last batch before a
   * failed read): what comes before it is skipped, no seek. So kafkajs starts each partition at
   * the group's commit, and when another member committed beyond the position (it had the
   * partition meanwhile) nothing it counted is read again.
   */
  const resumeAfter = (position: Offsets) => {
    for (const key of Object.keys(yielded)) delete yielded[key]
    Object.assign(yielded, copyOffsets(position))
  }

  const topicList = () => options.topics.map((topic) => ({ topic }))

  const connect = async (): Promise<void> => {
    await consumer.connect()
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning })
  }

  /**
   * Joins the group again with a new client in place of one kafkajs gave up on. The engine retries
   * read() with backoff, so a broker that is still down means another crash or a failed connect
   * here, and another try later. Partitions start from the group's commits; `yielded` skips what
   * this member already handed out.
   */
  const replaceCrashed = async () => {
    const old = consumer
    consumer = newConsumer()
    running = false
    assigned = {} // nothing is this member's until the new client joined: no commits meanwhile
    generation++
    handOff.clear()
    await old.disconnect().catch((error: unknown) => ctx.log.warn(`${where}: closing the crashed consumer failed: ${String(error)}`))
    try {
      await connect()
      crashed = undefined
      skipWarned = false
    } catch (error) {
      throw toPluginError(error, `${where} could not rejoin after the consumer stopped`)
    }
  }

  /** Runs the client, a new one if kafkajs gave up on the last (it joins the group in the background). */
  const runClient = async () => {
    if (crashed) await replaceCrashed()
    if (running) {
      consumer.resume(topicList())
    } else {
      running = true
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch })
    }
  }

  /**
   * kafkajs gives up on a consumer whose group join meets a coordinator still loading (a fresh
   * broker, Kafka 4 especially): rides that out here within the node's retry policy, so a source
   * read on its own (no engine to retry read()) does too. Anything else goes to the caller.
   */
  const restartAfterCrash = async (signal: AbortSignal) => {
    const delayMs = coordinatorWait.next(crashed)
    if (delayMs === undefined) throw coordinatorWait.failure(crashed)
    ctx.metrics.count('coordinatorWaits')
    ctx.log.warn(`${crashed!.message}; starting the consumer again in ${delayMs} ms`)
    await pause(delayMs, AbortSignal.any([signal, ctx.signal]))
    if (!signal.aborted) await runClient()
  }

  return {
    connect,

    async *read(from: unknown, signal: AbortSignal): AsyncGenerator<SourceBatch> {
      if (from !== undefined) {
        const position = toOffsets(from, where)
        if (fromOtherTopics(position, options.topics)) {
          ctx.log.warn(`the checkpoint this run resumes read ${Object.keys(position).join(', ')}, not ${options.topics.join(', ')}: it was written by another configuration with the same pipeline name and checkpoint store (another TOPIC_PREFIX?), and the state restored with it is that configuration's. To start over: \`pipeline run --fresh\`; to keep both: a pipeline name or database schema of its own`)
        }
        resumeAfter(position)
      }
      await runClient()
      let consumed = 0
      try {
        while (!signal.aborted) {
          if (crashed) {
            await restartAfterCrash(signal)
            continue
          }
          let chunk = handOff.poll()
          if (chunk === undefined) {
            if ((await waitForItem(signal, options.stopWhenIdleMs)) === 'idle') return
            continue
          }
          if (chunk.generation !== generation) continue
          const fresh = unseen(chunk)
          if (fresh === undefined) continue
          chunk = fresh
          const room = options.maxMessages === undefined ? Infinity : options.maxMessages - consumed
          if (chunk.messages.length > room) handOff.unshift({ ...chunk, messages: chunk.messages.slice(room) })
          const taken = chunk.messages.length > room ? { ...chunk, messages: chunk.messages.slice(0, room) } : chunk
          consumed += taken.messages.length
          yield toBatch(taken)
          if (consumed >= (options.maxMessages ?? Infinity)) return
        }
      } finally {
        if (!handOff.isClosed && !crashed) consumer.pause(topicList())
      }
    },

    /** Commits the offsets of `position` (rounded down to segment starts) for the partitions this member still owns. */
    async commit(position: unknown): Promise<void> {
      if (crashed) {
        // Nothing to commit with until read() rejoined; the next checkpoint's position includes this one.
        ctx.metrics.count('commitsSkipped')
        if (!skipWarned) ctx.log.warn(`${where}: commits are skipped while the consumer is stopped; the first checkpoint after it rejoined commits them`)
        skipWarned = true
        return
      }
      const commits = toCommits(toOffsets(position, where), assigned, options.segmentSize)
      if (commits.length === 0) return
      try {
        await consumer.commitOffsets(commits)
      } catch (error) {
        if (rebalanceTypes.has(String(typeOf(error)))) {
          // The group moved on: these partitions are re-read by their new owner from its last commit (at-least-once).
          ctx.metrics.count('commitsRejected')
          return ctx.log.warn(`${where}: commit rejected by a rebalance (${String(typeOf(error))}); the new owner re-reads from the last commit`)
        }
        // Credentials the broker no longer takes: retrying the commit cannot help.
        if (isAuthenticationFailure(error)) throw toPluginError(error, `${where} could not commit offsets`)
        // Also while the client reconnects after losing the broker: worth retrying either way.
        throw new RetryableError(`${where} could not commit offsets: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
      }
    },

    async disconnect(): Promise<void> {
      handOff.close()
      wakeOnCrash()
      markStopped()
      await consumer.disconnect()
    },
  }
}

export type KafkaReader = ReturnType<typeof createKafkaReader>
