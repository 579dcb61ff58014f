/**
 * @module Observers of the running flagship, each in a worker thread so the pipeline's event loop
 * cannot delay their clocks: one polls the per-candidate total in Postgres on its own connection,
 * one reads the dashboard's SSE stream. Each reports (time, total) whenever the total changes.
 */
import { Worker } from 'node:worker_threads'
import type { CounterSeries } from './flagship-latency.ts'

/** Polls `query` (one row, column `n`) every `pollMs`; an undefined table counts as 0. Times are taken when each answer arrives. */
const POSTGRES_PROBE = `
const { parentPort, workerData } = require('node:worker_threads')
let stopping = false
parentPort.on('message', () => { stopping = true })
;(async () => {
  const { default: postgres } = await import(workerData.postgresModule)
  const sql = postgres(workerData.url, { max: 1, onnotice: () => {} })
  let last = -1
  let polls = 0
  let busyMs = 0
  while (!stopping) {
    const sent = performance.timeOrigin + performance.now()
    let value = 0
    try {
      const rows = await sql.unsafe(workerData.query)
      value = Number(rows[0].n)
    } catch (error) {
      if (error.code !== '42P01') { parentPort.postMessage({ type: 'error', message: String(error.message) }); break }
    }
    const at = performance.timeOrigin + performance.now()
    polls++
    busyMs += at - sent
    if (value !== last) { last = value; parentPort.postMessage({ type: 'seen', at, value }) }
    await new Promise((done) => setTimeout(done, workerData.pollMs))
  }
  await sql.end({ timeout: 1 })
  parentPort.postMessage({ type: 'done', polls, meanQueryMs: polls ? busyMs / polls : 0 })
})().catch((error) => parentPort.postMessage({ type: 'error', message: String(error) }))
`

/** Reads the SSE stream; the \`stats\` event carries the votes cast (\`data-kpi="votes">12,345<\`). Times are taken when the chunk completing a message arrives. */
const SSE_PROBE = `
const { parentPort, workerData } = require('node:worker_threads')
const controller = new AbortController()
let messages = 0
parentPort.on('message', () => controller.abort())
;(async () => {
  const response = await fetch(workerData.url, { signal: controller.signal, headers: { accept: 'text/event-stream' } })
  if (!response.ok) throw new Error('dashboard answered ' + response.status)
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let last = -1
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const at = performance.timeOrigin + performance.now()
    buffer += decoder.decode(value, { stream: true })
    let end
    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      if (!/^event: stats$/m.test(block)) continue
      messages++
      const match = /data-kpi="votes">([0-9,]+)</.exec(block)
      if (!match) continue
      const total = Number(match[1].replaceAll(',', ''))
      if (total !== last) { last = total; parentPort.postMessage({ type: 'seen', at, value: total }) }
    }
  }
})().catch((error) => { if (!controller.signal.aborted) parentPort.postMessage({ type: 'error', message: String(error) }) })
  .finally(() => parentPort.postMessage({ type: 'done', messages }))
`

export interface Probe {
  /** Every change of the observed total, in order. */
  series: CounterSeries
  /** The latest total seen (0 before any). */
  latest(): number
  /** Resolves once the total reaches `n` (true) or `timeoutMs` passes (false). */
  reached(n: number, timeoutMs: number): Promise<boolean>
  /** Stops the worker; resolves with what it reports at the end. */
  stop(): Promise<Record<string, number>>
}

/** Polls Postgres for the per-candidate total every `pollMs`. */
export function postgresProbe(url: string, pollMs: number): Probe {
  const query = 'select coalesce(sum(total_votes), 0)::text as n from by_candidate'
  return probe(POSTGRES_PROBE, { url, pollMs, query, postgresModule: import.meta.resolve('postgres') })
}

/** Follows the dashboard's SSE stream (`http://127.0.0.1:<port>/events`). */
export function sseProbe(eventsUrl: string): Probe {
  if (!eventsUrl.startsWith('http://127.0.0.1:')) throw new Error(`the SSE probe connects to 127.0.0.1 only, not ${eventsUrl}`)
  return probe(SSE_PROBE, { url: eventsUrl })
}

function probe(code: string, workerData: Record<string, unknown>): Probe {
  const worker = new Worker(code, { eval: true, workerData })
  const series: CounterSeries = { at: [], count: [] }
  let failure: Error | undefined
  let finished: ((report: Record<string, number>) => void) | undefined
  const done = new Promise<Record<string, number>>((resolve) => (finished = resolve))
  worker.on('message', (message: { type: string; at?: number; value?: number; message?: string } & Record<string, number>) => {
    if (message.type === 'seen') {
      series.at.push(message.at!)
      series.count.push(message.value!)
    } else if (message.type === 'error') failure ??= new Error(`benchmark probe failed: ${message.message}`)
    else if (message.type === 'done') finished!(message)
  })
  worker.on('error', (error) => (failure ??= error))
  worker.on('exit', () => finished!({}))
  const latest = () => series.count.at(-1) ?? 0
  return {
    series,
    latest,
    async reached(n, timeoutMs) {
      const deadline = performance.now() + timeoutMs
      while (latest() < n) {
        if (failure) throw failure
        if (performance.now() > deadline) return false
        await new Promise((wake) => setTimeout(wake, 20))
      }
      return true
    },
    async stop() {
      worker.postMessage('stop')
      const report = await Promise.race([done, new Promise<Record<string, number>>((resolve) => setTimeout(() => resolve({}), 3000))])
      await worker.terminate()
      if (failure) throw failure
      return report
    },
  }
}
