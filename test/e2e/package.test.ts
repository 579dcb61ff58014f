import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const repoBin = (name: string) => join(root, 'node_modules/.bin', name)
const project = mkdtempSync(join(tmpdir(), 'tally-user-project-'))

/** Runs a command in the user's project and expects it to succeed. */
function sh(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd ?? project, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...options.env } })
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

const shout = 'plugins/shout'
/** memory-source → the scaffolded transform → a stamp plugin installed as a package → file-sink. */
const pipelineYaml = (out: string) => `name: outside
plugins: [./${shout}/index.ts, tally-plugin-stamp]
nodes:
  numbers: { use: memory-source, with: { count: 250, batchSize: 100 } }
  shouted: { use: shout, from: numbers }
  stamped: { use: stamp, from: shouted, with: { by: outside } }
  out: { use: file-sink, from: stamped, with: { path: '${out}' } }
`
const stampPlugin = `import { definePlugin, Type } from 'tally'

export default definePlugin({
  name: 'stamp',
  kind: 'transform',
  description: 'Adds a \`stamped_by\` field.',
  config: Type.Object({ by: Type.String() }, { additionalProperties: false }),
  create: (_ctx, config) => ({ process: (events, _input, emit) => emit(events.map((e) => ({ ...e, stamped_by: config.by }))) }),
})
`

function expectOutput(file: string) {
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
  expect(lines).toHaveLength(250)
  expect(lines[7]).toEqual({ seq: 7, tag: 'shout', stamped_by: 'outside' })
}

describe('tally as a package, outside this repository', () => {
  beforeAll(() => {
    // `npm pack` builds dist/ (prepack) and packs what `files` lists.
    sh('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: root })
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!
    mkdirSync(join(project, 'stamp'))
    writeFileSync(join(project, 'stamp/package.json'), JSON.stringify({ name: 'tally-plugin-stamp', version: '1.0.0', type: 'module', exports: './index.ts' }))
    writeFileSync(join(project, 'stamp/index.ts'), stampPlugin)
    sh('npm', ['init', '-y'])
    const vitest = (JSON.parse(readFileSync(join(root, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`, './stamp', `vitest@${vitest}`])
  }, 300_000)

  afterAll(() => rmSync(project, { recursive: true, force: true }))

  it('packs only what a user needs: sources, built JavaScript and declarations, no tests or benchmarks', () => {
    const listed = sh('tar', ['-tzf', readdirSync(project).find((f) => f.endsWith('.tgz'))!]).stdout.split('\n')
    expect(listed).toContain('package/dist/index.d.ts')
    expect(listed).toContain('package/index.ts')
    expect(listed).toContain('package/bin/pipeline.js')
    expect(listed.filter((f) => /\.test\.|\.bench\.|\/fixtures\/|^package\/test\/|^package\/bench\//.test(f))).toEqual([])
  })

  it('scaffolds a plugin that imports only from tally, whose test runs with the command it printed', () => {
    const made = sh('npx', ['pipeline', 'new', 'plugin', 'transform', 'shout'])
    expect(readFileSync(join(project, shout, 'index.ts'), 'utf8')).toMatch(/from 'tally'\n/)
    const next = /next: (.+)/.exec(made.stdout)?.[1]
    expect(next).toBe(`npx vitest run ${shout}`)
    const test = sh('npx', next!.split(' ').slice(1))
    expect(test.stdout).toMatch(/Tests\s+.*\d+ passed/)
  })

  it('runs memory-source → the scaffolded plugin → a plugin installed by package name → file-sink with `npx pipeline run`', () => {
    writeFileSync(join(project, 'pipeline.yaml'), pipelineYaml(join(project, 'node.jsonl')))
    sh('npx', ['pipeline', 'run', 'pipeline.yaml', '--exit-when-done', '--progress', 'none'])
    expectOutput(join(project, 'node.jsonl'))
  })

  it('runs the same pipeline under Bun and Deno', () => {
    writeFileSync(join(project, 'pipeline.yaml'), pipelineYaml(join(project, 'bun.jsonl')))
    sh(repoBin('bun'), ['node_modules/tally/cli.ts', 'run', 'pipeline.yaml', '--exit-when-done', '--progress', 'none'])
    expectOutput(join(project, 'bun.jsonl'))
    writeFileSync(join(project, 'pipeline.yaml'), pipelineYaml(join(project, 'deno.jsonl')))
    sh(repoBin('deno'), ['run', '-A', 'node_modules/tally/dist/cli.js', 'run', 'pipeline.yaml', '--exit-when-done', '--progress', 'none'])
    expectOutput(join(project, 'deno.jsonl'))
  })

  it('gives TypeScript the types of tally and tally/testing with moduleResolution bundler and nodenext', () => {
    for (const [module, resolution] of [['ESNext', 'bundler'], ['NodeNext', 'NodeNext']]) {
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { module, moduleResolution: resolution, target: 'ES2022', strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: [] },
        include: [shout, 'stamp'],
      }))
      sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'])
    }
    // A type error in a plugin is reported: the types are real, not `any`.
    writeFileSync(join(project, 'stamp/broken.ts'), "import { definePlugin } from 'tally'\nexport default definePlugin({ name: 1 })\n")
    const broken = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' })
    expect(broken.stdout).toMatch(/broken\.ts.*error TS/)
  })
})
