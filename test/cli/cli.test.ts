import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const bin = join(root, 'bin/pipeline.js')
const fixtures = join(root, 'test/cli/_fixtures')

function pipeline(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, encoding: 'utf8', timeout: 60_000 })
}

async function until(condition: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('pipeline CLI', () => {
  it('prints help for every command and exits 0', () => {
    for (const command of ['run', 'validate', 'check', 'reset', 'plugins', 'schema', 'new']) {
      const result = pipeline([command, '--help'])
      expect(result.status, command).toBe(0)
      expect(result.stdout).toMatch(/Usage: pipeline/)
    }
  })

  it('exits 2 on an unknown command or a missing argument', () => {
    expect(pipeline(['frobnicate']).status).toBe(2)
    expect(pipeline(['run']).status).toBe(2)
  })

  it('validates a config and reports every problem with exit code 2, without a stack trace', () => {
    expect(pipeline(['validate', 'configs/demo.yaml']).status).toBe(0)
    const bad = pipeline(['validate', 'bad.yaml'], { cwd: join(root, 'test/config-errors/several-problems') })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('bad.yaml:2:1 nodez: unknown key `nodez` (did you mean `nodes`?)')
    expect(bad.stderr).toContain('6 problems in the config.')
    expect(bad.stderr).not.toMatch(/\bat .*\.ts:\d+/)
  })

  it('says how a config splits over worker threads, or why it runs on one', () => {
    const split = pipeline(['validate', 'bench/anchors/tally-classic.yaml'], { env: { PARALLELISM: '2' } })
    expect(split.stdout).toContain('runs in 2 worker threads: `votes`, `by_candidate`, `by_state` in each, the rest on the main thread')
    expect(split.stdout).toContain('`by_state` (window) counts per part in every worker; `combine` combines the parts on the main thread')
    expect(pipeline(['validate', 'bench/anchors/tally-classic.yaml']).stdout).not.toContain('thread')
    const one = pipeline(['validate', join(fixtures, 'parallel-unpartitioned.yaml')])
    expect(one.status).toBe(0)
    expect(one.stdout).toContain('runs on one thread (source `numbers` (memory-source) is not partitioned, so workers could not share it)')
  })

  it('names the fields read downstream of a source when every reader declares them, and nothing when one reads whole events', () => {
    const classic = pipeline(['validate', 'bench/anchors/tally-classic.yaml'])
    expect(classic.stdout).toContain('`votes`: downstream reads only address.state, candidate_id, candidate_name, party_affiliation, photo_url, voting_time')
    expect(pipeline(['validate', 'configs/demo.yaml']).stdout).not.toContain('downstream reads')
  })

  it('lists plugins and shows one plugin\'s options from its schema', () => {
    const list = pipeline(['plugins'])
    expect(list.stdout).toMatch(/memory-source\s+source/)
    const one = pipeline(['plugins', 'memory-source'])
    expect(one.stdout).toContain('batchSize: integer = 1000')
  })

  it('prints a JSON Schema whose nodes check `with:` per plugin', () => {
    const schema = JSON.parse(pipeline(['schema']).stdout)
    expect(schema.properties.nodes.additionalProperties.properties.use.enum).toContain('memory-sink')
  })

  it('runs a pipeline to completion and exits 0', () => {
    const result = pipeline(['run', 'configs/demo.yaml', '--progress', 'log'], { env: { DEMO_COUNT: '5000' } })
    expect(result.status).toBe(0)
    expect(result.stderr).toContain('done: everything flushed (store 5000)')
  })

  it('exits 1 on a fatal plugin error, naming the node and the hook', () => {
    const result = pipeline(['run', join(fixtures, 'fatal.yaml'), '--progress', 'none'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/node `store` \(memory-sink\) failed in write\(\)/)
  })

  it('delivers every in-flight batch to the sinks before exiting on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-sigint-'))
    const out = join(dir, 'events.jsonl')
    const child = spawn(process.execPath, [bin, 'run', join(fixtures, 'endless.yaml'), '--progress', 'none'], { env: { ...process.env, OUT_FILE: out }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await until(() => existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 500, 30_000, 'events to flow')
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    const flushed = Number(/done: everything flushed \(file (\d+)\)/.exec(stderr)?.[1])
    const seqs = readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)
    expect(seqs.length).toBe(flushed)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i))
    rmSync(dir, { recursive: true, force: true })
  })

  it('scaffolds a plugin whose own test passes', () => {
    const dir = mkdtempSync(join(root, '.tally-scaffold-'))
    try {
      for (const kind of ['source', 'transform', 'sink']) {
        const made = pipeline(['new', 'plugin', kind, `my-${kind}`, '--dir', dir])
        expect(made.status, made.stderr).toBe(0)
      }
      const test = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root, '--dir', dir, '--config', join(root, 'test/cli/_fixtures/vitest.scaffold.config.ts')], { encoding: 'utf8', timeout: 120_000, cwd: root })
      expect(test.status, test.stdout + test.stderr).toBe(0)
      expect(test.stdout).toMatch(/Tests\s+.*\d+ passed/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
