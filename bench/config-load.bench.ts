/** @module How long `loadConfigFile` takes on generated configs of 20,000 and 60,000 nodes (parse, validate, locate problems), each in a fresh process. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchResult } from './result.ts'

const SIZES = [20_000, 60_000]
const window = '{ groupBy: [k], measures: [{ count: true, as: n }] }'

/** The graph shapes that stress different parts of loading. */
const shapes: Record<string, { what: string; lines(n: number): string[] }> = {
  chain: {
    what: 'a chain of `window` transforms (memory-source → window × n → memory-sink)',
    lines: (n) => [
      ...Array.from({ length: n }, (_, i) => `  w${i}: { use: window, from: ${i === 0 ? 'src' : `w${i - 1}`}, with: ${window} }`),
      `  out: { use: memory-sink, from: w${n - 1} }`,
    ],
  },
  fanout: {
    what: 'one memory-source read by n memory-sinks',
    lines: (n) => Array.from({ length: n }, (_, i) => `  s${i}: { use: memory-sink, from: src, with: { collection: c${i}, keep: false } }`),
  },
  misspelt: {
    what: 'the fan-out with every sink reading a misspelt source and misspelling an option: 2n problems located, with suggestions, and reported',
    lines: (n) => Array.from({ length: n }, (_, i) => `  s${i}: { use: memory-sink, from: scr, with: { colection: c${i} } }`),
  },
}

function write(dir: string, shape: string, n: number): { file: string; mb: number } {
  const file = join(dir, `${shape}-${n}.yaml`)
  const lines = [`name: ${shape}-${n}`, 'nodes:', '  src: { use: memory-source, with: { count: 10 } }', ...shapes[shape]!.lines(n)]
  const text = `${lines.join('\n')}\n`
  writeFileSync(file, text)
  return { file, mb: text.length / 1e6 }
}

interface Loaded {
  ms: number
  cpuMs: number
  nodes: number
  problems: number
  hwmKb: number
}

function loadInChild(file: string): Loaded {
  const helper = new URL('./config-load-one.ts', import.meta.url).pathname
  const out = execFileSync(process.execPath, ['--import', 'tsx', helper, file], { encoding: 'utf8', maxBuffer: 2 ** 20, timeout: 600_000 })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Loaded
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-config-load-bench-'))
  const results: BenchResult[] = []
  try {
    for (const shape of Object.keys(shapes)) {
      for (const n of SIZES) {
        const { file, mb } = write(dir, shape, n)
        const r = loadInChild(file)
        const outcome = r.problems > 0 ? `${r.problems.toLocaleString('en')} problems reported` : `${r.nodes.toLocaleString('en')} nodes resolved`
        results.push({
          name: `config: load and validate ${n.toLocaleString('en')} nodes, ${shape}`,
          value: Math.round(r.ms),
          unit: 'ms',
          target: n === 60_000 && shape !== 'misspelt' ? '≤ 5,000 ms' : undefined,
          notes: `${shapes[shape]!.what}, ${mb.toFixed(1)} MB of YAML; ${outcome}; ${Math.round(r.cpuMs).toLocaleString('en')} ms CPU (all threads, GC included); peak RSS ${Math.round(r.hwmKb / 1024)} MiB (a two-node config peaks at ~130 MiB: Node, tsx, the plugins' code); load average ${loadavg()[0]!.toFixed(1)}`,
        })
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}
