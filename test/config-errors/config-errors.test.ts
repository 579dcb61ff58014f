import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfigFile } from '../../core/config/load-config.ts'
import { ConfigError } from '../../core/errors.ts'
import { builtinPlugins } from '../../plugins/index.ts'

const root = new URL('.', import.meta.url).pathname
const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('_')).map((d) => d.name)

/** What `pipeline validate` prints for a fixture, with paths relative to the fixture folder. */
export async function problemsOf(dir: string): Promise<string> {
  const file = ['bad.yaml', 'bad.ts'].map((f) => join(dir, f)).find(existsSync)!
  try {
    await loadConfigFile(file, builtinPlugins, {})
    return 'valid'
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return error.message.split(`${dir}/`).join('')
  }
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
