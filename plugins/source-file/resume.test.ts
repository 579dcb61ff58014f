import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Checkpoint } from '../../core/plugin.ts'
import { testSinkConformance } from '../../core/testing/conformance.ts'
import checkpointStore from './fixtures/checkpoint-store.ts'

const root = new URL('../../', import.meta.url).pathname
const bin = join(root, 'bin/pipeline.js')
const store = new URL('./fixtures/checkpoint-store.ts', import.meta.url).pathname

function start(dir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'run', 'resume.yaml', '--exit-when-done', '--progress', 'none'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, exited, stderr: () => stderr }
}

async function until(condition: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

testSinkConformance(checkpointStore, { path: join(mkdtempSync(join(tmpdir(), 'tally-store-')), 'checkpoint.json') })

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)

describe('file source resume', () => {
  it('after a SIGKILL, starts again at the committed byte offset and writes every line exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-resume-'))
    const total = 4000
    const input = Array.from({ length: total }, (_, seq) => JSON.stringify({ seq }))
    input.splice(2500, 0, 'not json') // line 2501
    writeFileSync(join(dir, 'in.jsonl'), `${input.join('\n')}\n`)
    writeFileSync(
      join(dir, 'resume.yaml'),
      [
        'name: resume',
        `plugins: [${store}]`,
        'settings: { checkpointIntervalMs: 50, queueCapacity: 2 }',
        'nodes:',
        '  in: { use: file-source, with: { path: in.jsonl, batchSize: 50 } }',
        '  out: { use: file-sink, from: in, with: { path: out.jsonl, mode: truncate } }',
        '  rejected: { use: file-sink, from: in.dead, with: { path: dead.jsonl, mode: truncate } }',
        '  store: { use: test-checkpoint-store, from: in, with: { path: checkpoint.json, delayMs: "${DELAY_MS}" } }',
      ].join('\n'),
    )
    const checkpoint = () => JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as Checkpoint
    const offset = () => (existsSync(join(dir, 'checkpoint.json')) ? ((checkpoint().positions.in as { offset: number } | undefined)?.offset ?? 0) : 0)

    const first = start(dir, { DELAY_MS: '20' })
    await until(() => offset() > 33_000, 30_000, 'a checkpoint past the dead line (byte 31,390)')
    first.child.kill('SIGKILL')
    await first.exited
    const committed = checkpoint()
    const at = committed.positions.in as { offset: number; line: number }
    expect(at.line).toBeGreaterThan(2501)
    expect(at.line).toBeLessThan(total)
    // The file sink wrote ahead of the slow store: lines after the checkpoint, which the replay writes again.
    expect(lines(join(dir, 'out.jsonl')).length).toBeGreaterThan(at.line - 1)
    expect(lines(join(dir, 'dead.jsonl'))).toHaveLength(1)

    const second = start(dir, { DELAY_MS: '0' })
    expect(await second.exited).toBe(0)
    expect(second.stderr()).toContain(`resuming from checkpoint ${committed.id}`)
    expect(second.stderr()).toContain(`resuming in.jsonl at byte ${at.offset} (line ${at.line + 1})`)
    expect(lines(join(dir, 'out.jsonl')).map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, seq) => seq))
    expect(lines(join(dir, 'dead.jsonl'))).toMatchObject([{ reason: 'invalid_json', line: 2501, text: 'not json' }])
  })
})
