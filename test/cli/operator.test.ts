import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { root, startRun, until, type RunProcess } from './run-process.ts'

const fixture = (name: string) => join(root, 'test/cli/_fixtures', name)
const get = async (url: string) => {
  const response = await fetch(url)
  return { status: response.status, text: await response.text() }
}

const running: RunProcess[] = []
afterEach(() => {
  for (const run of running.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL')
})
const start = (...args: Parameters<typeof startRun>) => {
  const run = startRun(...args)
  running.push(run)
  return run
}

describe('pipeline run, operated', () => {
  for (const runtime of ['node', 'bun', 'deno']) {
    it(`under ${runtime}: serves /ping, /ready and /metrics; SIGTERM drains like Ctrl-C, /ready turning 503 as soon as draining starts`, async () => {
      const run = start(runtime, [fixture('drain.yaml'), '--http', '127.0.0.1:0', '--progress', 'none'])
      const url = await run.operatorUrl()
      await until(async () => (await get(`${url}/ready`)).status === 200, 30_000, '/ready to answer 200')
      expect(await get(`${url}/ping`)).toEqual({ status: 200, text: 'ok\n' })
      expect((await get(`${url}/metrics`)).text).toMatch(/^tally_node_events_out_total\{node="numbers",plugin="memory-source",port="out"\} [1-9]\d*$/m)
      run.child.kill('SIGTERM')
      const seen: string[] = []
      await until(async () => {
        const ready = await get(`${url}/ready`).catch(() => ({ status: 0, text: 'gone' }))
        seen.push(`${ready.status} ${ready.text.trim()}`)
        return ready.status !== 200
      }, 10_000, '/ready to stop answering 200')
      expect(seen.at(-1)).toBe('503 {"status":"draining"}')
      expect(await run.exited).toBe(0)
      expect(run.lines).toContain('SIGTERM: stopping sources and draining in-flight batches (press Ctrl-C again to force)')
      const flushed = run.lines.find((l) => l.startsWith('done: everything flushed'))
      expect(flushed, run.lines.join('\n')).toMatch(/^done: everything flushed \(store [1-9]\d*\)/)
    })
  }

  it('takes a free port, saying so, when the default 9464 is taken', async () => {
    const holder: Server = createServer()
    // Held here, or already by another process: either way the run must move.
    await new Promise<void>((resolve) => holder.once('error', () => resolve()).listen(9464, '127.0.0.1', resolve))
    try {
      const run = start('node', [fixture('drain.yaml'), '--progress', 'none'])
      const url = await run.operatorUrl()
      expect(url).not.toBe('http://127.0.0.1:9464')
      expect(run.lines.find((l) => l.includes('the default, is taken'))).toMatch(/^warning: operator HTTP: port 9464, the default, is taken on 127\.0\.0\.1 .*using free port \d+ instead/)
      expect((await get(`${url}/ping`)).status).toBe(200)
      run.child.kill('SIGTERM')
      expect(await run.exited).toBe(0)
    } finally {
      holder.close()
    }
  })

  it('writes one JSON object per stderr line with --log-format json: time, level, node, plugin, message, error with its causes', async () => {
    const run = start('node', [fixture('flaky.yaml'), '--log-format', 'json', '--http', 'off', '--progress', 'log', '--interval', '50'])
    expect(await run.exited).toBe(1)
    const records = run.lines.filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records.length).toBe(run.lines.filter((l) => l !== '').length)
    for (const r of records) {
      expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      expect(['debug', 'info', 'warn', 'error']).toContain(r.level)
      expect(typeof r.message).toBe('string')
    }
    expect(records[0]).toMatchObject({ level: 'info', message: expect.stringMatching(/^running flaky \(2 nodes\)/) })
    expect(records.find((r) => r.level === 'warn')).toMatchObject({
      node: 'store', plugin: 'memory-sink', message: expect.stringMatching(/^write\(\) failed \(attempt 1\/30\), retrying in 1 ms/),
      error: { name: 'RetryableError', message: expect.any(String) },
    })
    expect(records.some((r) => r.level === 'info' && /^\[\d+s\] numbers/.test(r.message as string))).toBe(true)
    const failure = records.at(-1)!
    expect(failure).toMatchObject({ level: 'error', node: 'store', plugin: 'memory-sink', error: { name: 'NodeError', code: 'E_NODE_FAILED', node: 'store', hook: 'write', cause: { message: expect.any(String) } } })
  })

  it('shows only warnings and errors with --log-level warn, and reports a config error as JSON too', async () => {
    const quiet = start('node', [fixture('flaky.yaml'), '--log-level', 'warn', '--http', 'off', '--progress', 'log'])
    expect(await quiet.exited).toBe(1)
    expect(quiet.lines.filter((l) => l !== '').every((l) => /^(warning|error): /.test(l)), quiet.lines.join('\n')).toBe(true)
    const bad = start('node', [join(root, 'test/config-errors/several-problems/bad.yaml'), '--log-format', 'json'])
    expect(await bad.exited).toBe(2)
    const [record, ...rest] = bad.lines.filter((l) => l !== '').map((l) => JSON.parse(l) as { level: string; message: string; error: { code: string } })
    expect(rest).toEqual([])
    expect(record).toMatchObject({ level: 'error', message: expect.stringContaining('6 problems in the config.'), error: { code: 'E_CONFIG_INVALID' } })
  })
})
