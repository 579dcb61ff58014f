import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const bin = (name: string) => join(root, 'node_modules/.bin', name)

/** How each runtime runs the same sources: Node through the bin (tsx), Bun and Deno directly. */
const runtimes: Record<string, string[]> = {
  node: [process.execPath, join(root, 'bin/pipeline.js')],
  bun: [bin('bun'), join(root, 'cli.ts')],
  deno: [bin('deno'), 'run', '-A', join(root, 'cli.ts')],
}

function pipeline(runtime: string, args: string[], env: Record<string, string>) {
  const [command, ...prefix] = runtimes[runtime]!
  return spawnSync(command!, [...prefix, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000 })
}

function flagship(runtime: string, env: Record<string, string>) {
  const stateDir = mkdtempSync(join(tmpdir(), `tally-flagship-${runtime}-`))
  try {
    const run = pipeline(runtime, ['run', 'configs/election.yaml', '--exit-when-done', '--progress', 'log', '--state-dir', stateDir], env)
    expect(run.status, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/dashboard `dashboard` on http:\/\/127\.0\.0\.1:\d+\//)
    const check = pipeline('node', ['check', 'configs/election.yaml', '--json', '--state-dir', stateDir], env)
    expect(check.status, check.stdout + check.stderr).toBe(0)
    const report = JSON.parse(check.stdout) as { ok: boolean; results: { name: string; ok: boolean; detail: string }[] }
    const detail = (name: string) => report.results.find((r) => r.name === name)?.detail
    const votes = Number(detail('rows in votes'))
    expect(Number(detail('rows in voters'))).toBe(Number(env.VOTERS))
    // Turnout 0.85: most voters voted, each once, and every aggregate adds up to exactly that.
    expect(votes).toBeGreaterThan(Number(env.VOTERS) * 0.75)
    expect(votes).toBeLessThan(Number(env.VOTERS))
    expect(detail('by_candidate: sum(total_votes) = count(votes)')).toBe(`${votes} = ${votes}`)
    expect(detail('by_state: sum(count) = count(votes)')).toBe(`${votes} = ${votes}`)
    expect(detail('voters with more than one vote')).toBe('0')
  } finally {
    rmSync(stateDir, { recursive: true, force: true })
  }
}

describe('the flagship, end to end', () => {
  const small = { VOTERS: '3000', VOTES_PER_SEC: '0', DASHBOARD_PORT: '0' }

  it('runs configs/election.yaml on the embedded Postgres to completion and `pipeline check` passes', () => {
    flagship('node', { ...small, DATABASE_URL: '' })
  })

  for (const runtime of ['bun', 'deno']) {
    it(`runs the same flagship under ${runtime} with the same totals checks`, () => {
      flagship(runtime, { ...small, DATABASE_URL: inject('DATABASE_URL'), DATABASE_SCHEMA: `flagship_${runtime}_${Date.now()}` })
    })
  }
})
