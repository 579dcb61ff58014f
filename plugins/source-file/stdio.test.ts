import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const bin = join(root, 'bin/pipeline.js')

/** Runs `pipeline run <config>` in `dir` with `input` on stdin; resolves with its exit code and output. */
function run(dir: string, config: string, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'run', config, '--exit-when-done', '--progress', 'none'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin.end(input)
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

describe('file source and sink on stdin and stdout', () => {
  it('pipes JSON lines from stdin to stdout and dead-letters a malformed line with its number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-stdio-'))
    writeFileSync(
      join(dir, 'pipe.yaml'),
      [
        'name: stdio',
        'nodes:',
        '  in: { use: file-source, with: { path: "-", batchSize: 2 } }',
        '  out: { use: file-sink, from: in, with: { path: "-" } }',
        '  rejected: { use: file-sink, from: in.dead, with: { path: dead.jsonl } }',
      ].join('\n'),
    )
    const lines = Array.from({ length: 7 }, (_, i) => JSON.stringify({ seq: i, name: i === 3 ? 'Zoë\n' : `n${i}` }))
    const input = `${lines.slice(0, 4).join('\r\n')}\r\n{"seq": oops\n${lines.slice(4).join('\n')}` // CRLF, a bad line 5, no final newline
    const { code, stdout, stderr } = await run(dir, 'pipe.yaml', input)
    expect(stderr).toContain('done: everything flushed')
    expect(code).toBe(0)
    expect(stdout).toBe(`${lines.join('\n')}\n`)
    const dead = readFileSync(join(dir, 'dead.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(dead).toMatchObject([{ reason: 'invalid_json', path: '-', line: 5, text: '{"seq": oops' }])
  })
})
