import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const check = 'plugins/dashboard-hono/runtime-check.ts'

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${command} failed: ${stderr}`, { cause: error })) : resolve(stdout))),
  )
}

describe('dashboard on every runtime', () => {
  it('serves the page, assets and the live stream under Node (@hono/node-server)', async () => {
    expect(await run(process.execPath, ['--import', 'tsx', check])).toContain('ok node')
  })

  it('serves them under Bun (Bun.serve)', async () => {
    expect(await run(`${root}node_modules/.bin/bun`, [check])).toContain('ok bun')
  })

  it('serves them under Deno (Deno.serve)', async () => {
    expect(await run(`${root}node_modules/.bin/deno`, ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', '--allow-sys', check])).toContain('ok deno')
  })
})
