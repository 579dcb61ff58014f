import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadConfigFile } from '../core/config/load-config.ts'
import { builtinPlugins } from '../plugins/index.ts'

const dir = new URL('.', import.meta.url).pathname
const configs = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ya?ml|ts)$/.test(f) && !f.endsWith('.test.ts'))

describe('every shipped config loads and validates', () => {
  for (const file of configs) {
    it(file, async () => {
      const { spec } = await loadConfigFile(`${dir}${file}`, builtinPlugins, { KAFKA_BROKERS: '127.0.0.1:9092' })
      expect(spec.nodes.length).toBeGreaterThan(1)
    })
  }
})
