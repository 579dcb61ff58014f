import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { builtCli } from './built-cli.js'

let root: string
afterEach(() => rmSync(root, { recursive: true, force: true }))

/** A package folder with sources written at `sourceAt` and dist/ stamped at `builtAt` (seconds). */
function packageFolder(sourceAt: number, builtAt: number | undefined): string {
  root = mkdtempSync(join(tmpdir(), 'tally-built-cli-'))
  const files = ['cli.ts', 'index.ts', 'testing.ts', 'core/engine/engine.ts', 'plugins/window/index.ts', 'plugins/dashboard-hono/public/app.css']
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true })
    writeFileSync(join(root, file), '')
    utimesSync(join(root, file), sourceAt, sourceAt)
  }
  if (builtAt !== undefined) {
    mkdirSync(join(root, 'dist'))
    writeFileSync(join(root, 'dist/.built'), '')
    utimesSync(join(root, 'dist/.built'), builtAt, builtAt)
  }
  writeFileSync(join(root, 'election.yaml'), 'name: e\nnodes: {}\n')
  writeFileSync(join(root, 'custom.yaml'), 'name: e\nplugins: [./my-plugin.ts]\nnodes: {}\n')
  return root
}

describe('running the CLI from dist/', () => {
  it('runs dist/cli.js for `run` of a YAML config without plugins of its own, built after every source', () => {
    const root = packageFolder(1000, 2000)
    expect(builtCli(['run', join(root, 'election.yaml'), '--exit-when-done'], root, {})).toBe(join(root, 'dist', 'cli.js'))
    expect(builtCli(['run', '--fresh', join(root, 'election.yaml')], root, {})).toBe(join(root, 'dist', 'cli.js'))
  })

  it('runs the sources when a source changed after the build, or nothing was built', () => {
    expect(builtCli(['run', join(packageFolder(3000, 2000), 'election.yaml')], root, {})).toBeUndefined()
    rmSync(root, { recursive: true, force: true })
    expect(builtCli(['run', join(packageFolder(1000, undefined), 'election.yaml')], root, {})).toBeUndefined()
  })

  it('counts a changed dashboard asset as a changed source', () => {
    const root = packageFolder(1000, 2000)
    utimesSync(join(root, 'plugins/dashboard-hono/public/app.css'), 3000, 3000)
    expect(builtCli(['run', join(root, 'election.yaml')], root, {})).toBeUndefined()
  })

  it('runs the sources for other commands, configs loading plugins, TS configs, and when asked to', () => {
    const root = packageFolder(1000, 2000)
    expect(builtCli(['check', join(root, 'election.yaml')], root, {})).toBeUndefined()
    expect(builtCli(['run', join(root, 'custom.yaml')], root, {})).toBeUndefined()
    expect(builtCli(['run', join(root, 'pipeline.ts')], root, {})).toBeUndefined()
    expect(builtCli(['run', join(root, 'missing.yaml')], root, {})).toBeUndefined()
    expect(builtCli(['run', join(root, 'election.yaml')], root, { TALLY_FROM_SOURCE: '1' })).toBeUndefined()
  })
})
