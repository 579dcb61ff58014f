import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfigFile } from '../../core/config/load-config.ts'
import { ConfigError } from '../../core/errors.ts'
import { builtinPlugins } from '../../plugins/index.ts'

const root = new URL('.', import.meta.url).pathname
const bin = new URL('../../bin/pipeline.js', import.meta.url).pathname
const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('_')).map((d) => d.name)

/** What `pipeline validate` prints for a fixture, with paths relative to the fixture folder. */
export async function problemsOf(dir: string): Promise<string> {
  const file = configOf(dir)
  try {
    await loadConfigFile(file, builtinPlugins, {})
    return 'valid'
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return error.message.split(`${dir}/`).join('')
  }
}

function configOf(dir: string): string {
  return ['bad.yaml', 'bad.ts'].map((f) => join(dir, f)).find(existsSync)!
}

/** Runs `pipeline validate` on a fixture from its folder: exit code and stderr. */
function validate(dir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, 'validate', basename(configOf(dir))], { cwd: dir, encoding: 'utf8', timeout: 60_000 }, (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }))
  })
}

describe('config errors are reported at once, each with file:line:col', () => {
  it('has at least 12 cases', () => expect(cases.length).toBeGreaterThanOrEqual(12))
  for (const name of cases) {
    it(name, async () => {
      const dir = join(root, name)
      const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trimEnd()
      expect(await problemsOf(dir)).toBe(expected)
    })
  }
})

/** Configs that once crashed the CLI (exit 1) instead of being reported; each run spawns the CLI, so not every case. */
const crashedBefore = ['empty-file', 'only-document-marker', 'only-comment', 'top-level-list', 'top-level-scalar', 'alias-bomb', 'alias-without-anchor']

describe('`pipeline validate` exits 2 and prints the same problems', () => {
  for (const name of crashedBefore) {
    it.concurrent(name, async () => {
      const dir = join(root, name)
      const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trimEnd()
      const { code, stderr } = await validate(dir)
      expect(stderr.trimEnd().split('\n').slice(0, -1).join('\n')).toBe(expected)
      expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^\d+ problems? in the config\.$/)
      expect(code).toBe(2)
    })
  }
})
