import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { createPipeline, type PipelineOptions } from '../pipeline.ts'
import type { PipelineConfig } from '../config/pipeline-schema.ts'
import { resolvePipeline } from '../config/resolve.ts'
import memorySink from '../testing/memory-sink.ts'
import memorySource from '../testing/memory-source.ts'
import { definePlugin, type PluginDefinition } from '../plugin.ts'
import { createOperatorApp } from './operator-app.ts'
import { createRedactor } from './redact.ts'

/** A sink that keeps serving people once the run is complete, like the dashboard. */
const servingSink = definePlugin({ name: 'serving-sink', kind: 'sink', description: 'Serves its result.', config: Type.Object({}), create: () => ({ write() {}, serving: () => 'http://127.0.0.1:1/' }) })

/** The pipeline and its operator routes, answered in process (web-standard Request/Response, no socket). */
function operated(config: PipelineConfig, token?: string, options: PipelineOptions = {}) {
  const pipeline = createPipeline(config, { registry: [servingSink], ...options })
  const registry = new Map([memorySource, memorySink, servingSink].map((p) => [p.name, p as PluginDefinition]))
  const { spec } = resolvePipeline(config, registry, '<config>', () => ({ line: 1, col: 1 }))
  const app = createOperatorApp({ metrics: () => pipeline.metrics(), nodes: spec!.nodes, token, redact: createRedactor(token ? [token] : []) })
  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const response = app(new Request(`http://127.0.0.1${path}`, { headers, method }))
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
  }
  return { pipeline, get }
}

const endless = (sink: Record<string, unknown> = {}): PipelineConfig => ({
  name: 'ops',
  nodes: {
    numbers: { use: 'memory-source', with: { count: 1_000_000_000, batchSize: 10, intervalMs: 1 } },
    store: { use: 'memory-sink', from: 'numbers', with: { keep: false, ...sink } },
  },
})

async function until(condition: () => Promise<boolean> | boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('operator routes', () => {
  it('answers /ping, and /ready 503 until every node started, 200 while running, 503 from the moment draining starts', async () => {
    const { pipeline, get } = operated(endless({ delayMs: 50 }))
    expect(await get('/ping')).toMatchObject({ status: 200, text: 'ok\n' })
    expect(await get('/ready')).toEqual({ status: 503, type: 'application/json', text: '{"status":"starting","waiting":["numbers","store"]}\n' })
    await pipeline.start()
    expect(await get('/ready')).toMatchObject({ status: 200, text: '{"status":"running"}\n' })
    const stopped = pipeline.stop()
    expect(await get('/ready')).toMatchObject({ status: 503, text: '{"status":"draining"}\n' })
    expect(await get('/ping')).toMatchObject({ status: 200 })
    expect((await stopped).ok).toBe(true)
    expect((await get('/ready')).status).toBe(503)
  })

  it('answers /ready 503 naming the failed node, its hook and the error', async () => {
    const { pipeline, get } = operated(endless({ fatalAfter: 3 }))
    await pipeline.start()
    const result = await pipeline.done
    expect(result.ok).toBe(false)
    const ready = await get('/ready')
    expect(ready.status).toBe(503)
    expect(JSON.parse(ready.text)).toEqual({ status: 'failed', node: 'store', plugin: 'memory-sink', hook: 'write', error: result.error!.message })
    expect(result.error!.message).toMatch(/^node `store` \(memory-sink\) failed in write\(\)/)
    expect(await get('/metrics')).toMatchObject({ status: 200 })
    expect((await get('/metrics')).text).toContain('tally_node_errors_total{node="store",plugin="memory-sink"} 1')
  })

  it('serves counters that add up: events out of the source, into the sink, write latency per batch', async () => {
    const { pipeline, get } = operated({ name: 'ops', nodes: { numbers: { use: 'memory-source', with: { count: 5000, batchSize: 100 } }, store: { use: 'memory-sink', from: 'numbers' } } })
    await pipeline.start()
    await pipeline.done
    const { status, type, text } = await get('/metrics')
    expect(status).toBe(200)
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(text).toContain('tally_node_events_out_total{node="numbers",plugin="memory-source",port="out"} 5000\n')
    expect(text).toContain('tally_node_events_in_total{node="store",plugin="memory-sink"} 5000\n')
    expect(text).toContain('tally_sink_write_duration_seconds_count{node="store",plugin="memory-sink"} 50\n')
    expect(text).toMatch(/^tally_checkpoints_total [1-9]/m)
    expect(text).toMatch(/^tally_checkpoint_last_success_timestamp_seconds \d/m)
    const om = await get('/metrics', { accept: 'application/openmetrics-text; version=1.0.0' })
    expect(om.type).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8')
    expect(om.text.endsWith('# EOF\n')).toBe(true)
  })

  it('asks for its token when it has one, and never shows it', async () => {
    const token = 'operator-token-123'
    const { get } = operated(endless(), token)
    expect((await get('/metrics')).status).toBe(401)
    expect((await get('/ready', { authorization: 'Bearer wrong-token' })).status).toBe(401)
    expect((await get('/ping', { authorization: `Bearer ${token}` })).status).toBe(200)
    expect((await get(`/metrics?token=${token}`)).text).not.toContain(token)
  })

  it('says what it serves on an unknown path and refuses other methods', async () => {
    const { get } = operated(endless())
    expect(await get('/nope')).toMatchObject({ status: 404, text: 'no /nope here: tally\'s operator server answers /metrics, /ping, /ready\n' })
    expect((await get('/metrics', {}, 'POST')).status).toBe(405)
  })

  it('stays ready while a complete run holds, serving its result, until it is stopped', async () => {
    const config: PipelineConfig = { name: 'held', nodes: { numbers: { use: 'memory-source', with: { count: 100 } }, view: { use: 'serving-sink', from: 'numbers' } } }
    const { pipeline, get } = operated(config, undefined, { keepServing: true })
    await pipeline.start()
    await until(() => pipeline.metrics().phase === 'complete', 'the run to complete')
    expect(await get('/ready')).toMatchObject({ status: 200, text: '{"status":"complete","serving":["view"]}\n' })
    expect((await get('/metrics')).text).toContain('tally_pipeline_ready 1\n')
    const stopped = pipeline.stop()
    expect(await get('/ready')).toMatchObject({ status: 503, text: '{"status":"draining"}\n' })
    expect((await stopped).ok).toBe(true)
  })
})
