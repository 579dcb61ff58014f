import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { root, startRun, type RunProcess } from './run-process.ts'

const config = join(root, 'test/cli/_fixtures/secrets.yaml')
const SECRETS = [':secret@', 'operator-token-s3cret', 'dashboard-token-s3cret', 'secret']

const running: RunProcess[] = []
afterEach(() => {
  for (const run of running.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL')
})

/** Runs the config while its Postgres start is retried, reading /metrics and /ready with the token meanwhile. */
async function runAndScrape(format: 'text' | 'json'): Promise<{ lines: string[]; bodies: string[] }> {
  const run = startRun('node', [config, '--log-format', format, '--progress', 'log', '--interval', '100'])
  running.push(run)
  const url = await run.operatorUrl()
  const headers = { authorization: 'Bearer operator-token-s3cret' }
  const bodies: string[] = []
  for (const path of ['/metrics', '/ready', '/metrics?token=operator-token-s3cret']) {
    const response = await fetch(`${url}${path}`, { headers })
    bodies.push(`${response.status} ${await response.text()}`)
  }
  expect(bodies[1]).toMatch(/^503 \{"status":"starting","waiting":\[.*"db".*\]\}/)
  expect(bodies[0]).toMatch(/^200 /)
  expect(await run.exited).toBe(1)
  return { lines: run.lines, bodies }
}

describe('secrets', () => {
  it('never appear in log lines (text) or on /metrics and /ready: not the Postgres password, not a token', async () => {
    const { lines, bodies } = await runAndScrape('text')
    expect(lines.some((l) => l.includes('cannot reach Postgres at postgres://u:***@127.0.0.1:1/db'))).toBe(true)
    expect(lines.some((l) => /retrying in \d+ ms/.test(l))).toBe(true)
    for (const text of [...lines, ...bodies]) for (const secret of SECRETS) expect(text).not.toContain(secret)
  })

  it('never appear in JSON log lines, their error or its causes', async () => {
    const { lines, bodies } = await runAndScrape('json')
    const records = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as { level: string; node?: string; error?: { message: string; cause?: unknown } })
    const failure = records.at(-1)!
    expect(failure).toMatchObject({ level: 'error', node: 'db', error: { name: 'NodeError', hook: 'start', cause: { message: expect.stringContaining('postgres://u:***@127.0.0.1:1/db') } } })
    for (const text of [...lines, ...bodies]) for (const secret of SECRETS) expect(text).not.toContain(secret)
  })
})
