import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { createPipeline, runPipeline } from '../pipeline.ts'
import { definePlugin, type Checkpoint, type Event } from '../plugin.ts'
import { memoryCollection } from '../testing/memory-sink.ts'
import { createManualClock } from '../clock.ts'

const double = definePlugin({
  name: 'double',
  kind: 'transform',
  description: 'Doubles `seq`.',
  config: Type.Object({}, { additionalProperties: false }),
  create: () => ({ process: (events, _input, emit) => emit(events.map((e) => ({ seq: (e.seq as number) * 2 }))) }),
})

const committing = (commits: unknown[]) =>
  definePlugin({
    name: 'committing-source',
    kind: 'source',
    description: 'Counts to 10,000 and records commits.',
    config: Type.Object({}, { additionalProperties: false }),
    create: () => ({
      async *read(from) {
        for (let i = typeof from === 'number' ? from : 0; i < 10_000; i += 500) yield { events: Array.from({ length: 500 }, (_, k) => ({ seq: i + k })), position: i + 500 }
      },
      async commit(position) {
        commits.push(position)
      },
    }),
  })

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`

describe('engine', () => {
  it('moves every event from a source through a transform to a sink, in order', async () => {
    const collection = unique('chain')
    const result = await runPipeline({
      name: 'chain',
      nodes: {
        src: { use: 'memory-source', with: { count: 2500, batchSize: 100 } },
        x2: { use: 'double', from: 'src' },
        out: { use: 'memory-sink', from: 'x2', with: { collection } },
      },
    }, { registry: [double] })
    expect(result.ok).toBe(true)
    const seqs = memoryCollection(collection).events.map((e) => e.seq)
    expect(seqs).toEqual(Array.from({ length: 2500 }, (_, i) => i * 2))
  })

  it('fans out to several sinks and fans in from several sources', async () => {
    const a = unique('a')
    const b = unique('b')
    const result = await runPipeline({
      name: 'fan',
      nodes: {
        s1: { use: 'memory-source', with: { count: 300, batchSize: 7 } },
        s2: { use: 'memory-source', with: { events: [{ seq: -1 }, { seq: -2 }] } },
        one: { use: 'memory-sink', from: ['s1', 's2'], with: { collection: a } },
        two: { use: 'memory-sink', from: 's1', with: { collection: b } },
      },
    })
    expect(result.ok).toBe(true)
    expect(memoryCollection(a).events).toHaveLength(302)
    expect(memoryCollection(b).events).toHaveLength(300)
  })

  it('commits the final position once every sink has written everything', async () => {
    const commits: unknown[] = []
    const collection = unique('commit')
    const result = await runPipeline({ name: 'commit', nodes: { src: { use: 'committing-source' }, out: { use: 'memory-sink', from: 'src', with: { collection } } } }, { registry: [committing(commits)] })
    expect(result.ok).toBe(true)
    expect(commits.at(-1)).toBe(10_000)
    expect(memoryCollection(collection).events).toHaveLength(10_000)
  })

  it('retries a retryable sink failure and still delivers everything exactly once to an idempotent sink', async () => {
    const collection = unique('retry')
    const clock = createManualClock(0)
    const pipeline = createPipeline({
      name: 'retry',
      nodes: {
        src: { use: 'memory-source', with: { count: 5000, batchSize: 250 } },
        out: { use: 'memory-sink', from: 'src', with: { collection, failEvery: 3, uniqueBy: 'seq' }, retry: { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 10 } },
      },
    }, { clock })
    await pipeline.start()
    let finished = false
    const done = pipeline.done.then((r) => ((finished = true), r))
    while (!finished) await clock.advance(10)
    expect((await done).ok).toBe(true)
    expect(pipeline.metrics().nodes.find((n) => n.id === 'out')!.retries).toBeGreaterThan(0)
    expect(memoryCollection(collection).events.map((e) => e.seq)).toEqual(Array.from({ length: 5000 }, (_, i) => i))
  })

  it('stops on a fatal error, naming the node and the hook', async () => {
    const result = await runPipeline({
      name: 'fatal',
      nodes: {
        src: { use: 'memory-source', with: { count: 5000, batchSize: 100 } },
        out: { use: 'memory-sink', from: 'src', with: { collection: unique('fatal'), fatalAfter: 3 } },
      },
    })
    expect(result.ok).toBe(false)
    expect(result.error?.message).toMatch(/^node `out` \(memory-sink\) failed in write\(\): memory sink .* told to fail/)
  })

  it('keeps memory bounded behind a slow sink and loses nothing', async () => {
    const collection = unique('slow')
    const clock = createManualClock(0)
    const pipeline = createPipeline({
      name: 'slow',
      settings: { queueCapacity: 4, checkpointIntervalMs: 1000, tickMs: 200 },
      nodes: {
        src: { use: 'memory-source', with: { count: 100_000, batchSize: 100 } },
        mid: { use: 'double', from: 'src' },
        out: { use: 'memory-sink', from: 'mid', with: { collection, delayMs: 5 } },
      },
    }, { clock, registry: [double] })
    await pipeline.start()
    let finished = false
    const done = pipeline.done.then((r) => ((finished = true), r))
    let maxInFlight = 0
    while (!finished) {
      await clock.advance(5)
      const m = pipeline.metrics().nodes
      const produced = m.find((n) => n.id === 'src')!.eventsOut
      const written = memoryCollection(collection).events.length
      maxInFlight = Math.max(maxInFlight, produced - written)
    }
    expect((await done).ok).toBe(true)
    // Two queues of 4 batches, plus one batch in each node's hands: never the whole stream.
    expect(maxInFlight).toBeLessThanOrEqual(12 * 100)
    expect(memoryCollection(collection).events).toHaveLength(100_000)
  })

  it('drains every in-flight batch to the sinks on a graceful stop', async () => {
    const collection = unique('drain')
    const clock = createManualClock(0)
    const pipeline = createPipeline({
      name: 'drain',
      nodes: {
        src: { use: 'memory-source', with: { count: 1_000_000, batchSize: 100, intervalMs: 1 } },
        out: { use: 'memory-sink', from: 'src', with: { collection } },
      },
    }, { clock })
    await pipeline.start()
    for (let i = 0; i < 50; i++) await clock.advance(1)
    const stopping = pipeline.stop()
    for (let i = 0; i < 50; i++) await clock.advance(1)
    const result = await stopping
    const produced = result.metrics.nodes.find((n) => n.id === 'src')!.eventsOut
    expect(result.ok).toBe(true)
    expect(produced).toBeGreaterThan(0)
    expect(produced).toBeLessThan(1_000_000)
    expect(memoryCollection(collection).events).toHaveLength(produced)
    expect(result.checkpoint?.positions.src).toBe(produced)
  })

  it('runs a concurrent sink\'s writes side by side, one per input at a time, and commits only what all finished', async () => {
    const state = { running: 0, most: 0, perInput: new Map<string, number>(), mostPerInput: 0, written: new Map<string, number[]>(), commits: 0, commitsAhead: 0 }
    const concurrent = definePlugin({
      name: 'concurrent-sink',
      kind: 'sink',
      description: 'Takes two writes at once; each takes a few milliseconds.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => ({
        concurrency: 2,
        async write(events, input) {
          const mine = (state.perInput.get(input.from) ?? 0) + 1
          state.perInput.set(input.from, mine)
          state.mostPerInput = Math.max(state.mostPerInput, mine)
          state.most = Math.max(state.most, ++state.running)
          await new Promise((resolve) => setTimeout(resolve, input.from === 'a' ? 8 : 1))
          const list = state.written.get(input.from) ?? []
          list.push(...events.map((e) => e.seq as number))
          state.written.set(input.from, list)
          state.running--
          state.perInput.set(input.from, mine - 1)
        },
      }),
    })
    const source = definePlugin({
      name: 'checked-source',
      kind: 'source',
      description: 'Counts to 3,000 and checks at each commit that the sink wrote everything before the position.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => ({
        async *read() {
          for (let i = 0; i < 3000; i += 100) {
            yield { events: Array.from({ length: 100 }, (_, k) => ({ seq: i + k })), position: i + 100 }
            await new Promise((resolve) => setTimeout(resolve, 3))
          }
        },
        async commit(position) {
          state.commits++
          if ((state.written.get('a')?.length ?? 0) < (position as number)) state.commitsAhead++
        },
      }),
    })
    const result = await runPipeline({
      name: 'concurrent',
      settings: { checkpointIntervalMs: 10, tickMs: 5, queueCapacity: 8 },
      nodes: {
        a: { use: 'checked-source' },
        b: { use: 'memory-source', with: { count: 3000, batchSize: 100 } },
        c: { use: 'memory-source', with: { count: 3000, batchSize: 100 } },
        out: { use: 'concurrent-sink', from: ['a', 'b', 'c'] },
      },
    }, { registry: [concurrent, source] })
    expect(result.ok).toBe(true)
    expect(state.most).toBe(2)
    expect(state.mostPerInput).toBe(1)
    for (const from of ['a', 'b', 'c']) expect(state.written.get(from)).toEqual(Array.from({ length: 3000 }, (_, i) => i))
    expect(state.commits).toBeGreaterThan(3)
    expect(state.commitsAhead).toBe(0)
    expect(result.checkpoint?.positions.a).toBe(3000)
  })

  it('lets batches of an idle input pass those of an input whose write is still running', async () => {
    const done: string[] = []
    let allFast: () => void = () => undefined
    const fastDone = new Promise<void>((resolve) => (allFast = resolve))
    const sink = definePlugin({
      name: 'slow-and-fast-sink',
      kind: 'sink',
      description: 'A write from `slow` holds until every batch from `fast` is written (or 5 s pass); `fast` writes at once.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => ({
        concurrency: 2,
        async write(_events, input) {
          if (input.from === 'slow') await Promise.race([fastDone, new Promise((resolve) => setTimeout(resolve, 5000))])
          done.push(input.from)
          if (done.filter((d) => d === 'fast').length === 10) allFast()
        },
      }),
    })
    const result = await runPipeline({
      name: 'overtaking',
      nodes: {
        slow: { use: 'memory-source', with: { count: 1000, batchSize: 100 } },
        fast: { use: 'memory-source', with: { count: 1000, batchSize: 100 } },
        out: { use: 'slow-and-fast-sink', from: ['slow', 'fast'] },
      },
    }, { registry: [sink] })
    expect(result.ok).toBe(true)
    // Every fast batch is written while the slow input's first write is still running: no timing involved.
    expect(done.slice(0, 10)).toEqual(Array(10).fill('fast'))
    expect(done.filter((d) => d === 'slow')).toHaveLength(10)
  })

  it('stops on a fatal error in one of several running writes', async () => {
    const failing = definePlugin({
      name: 'failing-concurrent-sink',
      kind: 'sink',
      description: 'Fails on the fifth write from `b`.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => {
        let fromB = 0
        return {
          concurrency: 3,
          async write(_events, input) {
            await new Promise((resolve) => setTimeout(resolve, 1))
            if (input.from === 'b' && ++fromB === 5) throw new Error('disk on fire')
          },
        }
      },
    })
    const result = await runPipeline({
      name: 'concurrent-fatal',
      nodes: {
        a: { use: 'memory-source', with: { count: 5000, batchSize: 100 } },
        b: { use: 'memory-source', with: { count: 5000, batchSize: 100 } },
        out: { use: 'failing-concurrent-sink', from: ['a', 'b'] },
      },
    }, { registry: [failing] })
    expect(result.ok).toBe(false)
    expect(result.error?.message).toMatch(/^node `out` \(failing-concurrent-sink\) failed in write\(\): disk on fire/)
  })

  it('checkpoints a sink\'s state with the positions it matches, and hands it back on resume before any write', async () => {
    const saved: Checkpoint[] = []
    const restored: unknown[] = []
    const stateful = (concurrency: number) => definePlugin({
      name: `stateful-sink-${concurrency}`,
      kind: 'sink',
      description: 'Counts what it wrote; stores checkpoints in memory.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => {
        let written = 0
        return {
          concurrency,
          async write(events) {
            await new Promise((resolve) => setTimeout(resolve, 5)) // slow enough for checkpoints between batches
            written += events.length
          },
          snapshot: async () => ({ written }),
          restore(state) {
            expect(written).toBe(0) // before any write
            restored.push(state)
            written = (state as { written: number }).written
          },
          checkpoints: { load: async () => saved.at(-1), save: async (c) => void saved.push(c) },
        }
      },
    })
    for (const concurrency of [1, 2]) {
      saved.length = 0
      restored.length = 0
      const config = { name: 'stateful', settings: { checkpointIntervalMs: 10, tickMs: 10, queueCapacity: 8 }, nodes: { src: { use: 'committing-source' }, out: { use: `stateful-sink-${concurrency}`, from: 'src' } } }
      const registry = [committing([]), stateful(concurrency)]
      expect((await runPipeline(config, { registry })).ok).toBe(true)
      expect(saved.length).toBeGreaterThan(1)
      // Every checkpoint's sink state counts exactly the events before its position.
      for (const c of saved) expect(c.states.out).toEqual({ written: c.positions.src })
      expect(saved.at(-1)!.states.out).toEqual({ written: 10_000 })
      expect((await runPipeline(config, { registry })).ok).toBe(true)
      expect(restored).toEqual([{ written: 10_000 }])
    }
  })
})

export type { Event }
