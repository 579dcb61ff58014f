/** @module Test helper: a `pipeline run` child process under Node, Bun or Deno, its stderr lines, and its operator server's URL. */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const root = new URL('../../', import.meta.url).pathname
const bin = (name: string) => join(root, 'node_modules/.bin', name)

/** How each runtime runs the same sources: Node through the bin (tsx), Bun and Deno directly. */
export const runtimes: Record<string, string[]> = {
  node: [process.execPath, join(root, 'bin/pipeline.js')],
  bun: [bin('bun'), join(root, 'cli.ts')],
  deno: [bin('deno'), 'run', '-A', join(root, 'cli.ts')],
}

export interface RunProcess {
  child: ChildProcess
  /** Every stderr line so far. */
  lines: string[]
  exited: Promise<number | null>
  /** The operator server's URL, once printed. */
  operatorUrl(): Promise<string>
  /** Resolves once a stderr line matches. */
  line(pattern: RegExp, deadlineMs?: number): Promise<string>
}

export function startRun(runtime: string, args: string[], env: Record<string, string> = {}): RunProcess {
  const [command, ...prefix] = runtimes[runtime]!
  const child = spawn(command!, [...prefix, 'run', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let partial = ''
  child.stderr!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n')
    partial = parts.pop()!
    lines.push(...parts)
  })
  let code: number | null | undefined
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve((code = c))))
  const line = async (pattern: RegExp, deadlineMs = 60_000) => {
    await until(() => lines.some((l) => pattern.test(l)) || code !== undefined, deadlineMs, `a line matching ${pattern}`)
    const found = lines.find((l) => pattern.test(l))
    if (!found) throw new Error(`exited (${code}) without a line matching ${pattern}:\n${lines.join('\n')}`)
    return found
  }
  const operatorUrl = async () => /operator HTTP on (http:\/\/[^:]+:\d+)/.exec(await line(/operator HTTP on http/))![1]!
  return { child, lines, exited, line, operatorUrl }
}

export async function until(condition: () => boolean | Promise<boolean>, deadlineMs: number, what: string): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
