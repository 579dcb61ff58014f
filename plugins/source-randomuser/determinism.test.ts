import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createRecordFactory, type RecordPlan } from './record-factory.ts'
import { DEFAULT_PARTIES } from './roles.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const factoryUrl = new URL('./record-factory.ts', import.meta.url).href
const plan: RecordPlan = { role: 'raw', seed: 'fresh-process', nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES }

function records(p: RecordPlan, from: number, n: number): string {
  const make = createRecordFactory(p)
  return JSON.stringify(Array.from({ length: n }, (_, i) => make(from + i)))
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The same computation as `records` + `sha256`, as a script any runtime evaluates (web-standard crypto only). */
const script = `
const { createRecordFactory } = await import(${JSON.stringify(factoryUrl)})
const make = createRecordFactory(${JSON.stringify(plan)})
const text = JSON.stringify(Array.from({ length: 500 }, (_, i) => make(i)))
const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
console.log(Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''))
`

const bin = (name: string) => `${root}node_modules/.bin/${name}`

describe('generator determinism', () => {
  it('gives byte-identical records for the same seed and now, in every role', () => {
    for (const role of ['voter', 'candidate', 'raw'] as const) {
      expect(records({ ...plan, role }, 0, 200)).toBe(records({ ...plan, role }, 0, 200))
    }
  })

  it('gives different records for another seed or another now', () => {
    expect(records({ ...plan, seed: 'other' }, 0, 5)).not.toBe(records(plan, 0, 5))
    expect(records({ ...plan, nowMs: Date.UTC(2030, 0, 1) }, 0, 5)).not.toBe(records(plan, 0, 5))
  })

  it('treats seed 7 and "7" alike', () => {
    expect(records({ ...plan, seed: 7 }, 0, 5)).toBe(records({ ...plan, seed: '7' }, 0, 5))
  })

  it('regenerates exactly the same records when started at a later sequence number', () => {
    const all = JSON.parse(records(plan, 0, 300)) as unknown[]
    expect(JSON.parse(records(plan, 137, 163))).toEqual(all.slice(137))
  })

  it('gives the same records in a fresh Node process', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root })
    expect(stdout.trim()).toBe(sha256(records(plan, 0, 500)))
  })

  it.runIf(existsSync(bin('bun')))('gives the same records under Bun', async () => {
    const { stdout } = await run(bin('bun'), ['-e', script], { cwd: root })
    expect(stdout.trim()).toBe(sha256(records(plan, 0, 500)))
  })

  it.runIf(existsSync(bin('deno')))('gives the same records under Deno', async () => {
    const { stdout } = await run(bin('deno'), ['eval', '--no-config', script], { cwd: root, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } })
    expect(stdout.trim()).toBe(sha256(records(plan, 0, 500)))
  })
})
