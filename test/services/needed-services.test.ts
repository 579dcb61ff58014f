import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { neededServices, testFilters } from './needed-services.ts'

describe('the services a test run needs', () => {
  it('reads the file filters of a vitest command line, not option values', () => {
    expect(testFilters(['/usr/bin/node', '/p/node_modules/vitest/vitest.mjs', 'run', 'plugins/my-thing', '-t', 'drops blanks', '--reporter', 'dot'])).toEqual(['plugins/my-thing'])
    expect(testFilters(['node', '/p/node_modules/.bin/vitest', 'run'])).toEqual([])
  })

  it('installs Prometheus only for files that use its test service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-needed-'))
    try {
      const uses = join(dir, 'uses.test.ts')
      const mentions = join(dir, 'mentions.test.ts')
      writeFileSync(uses, "import { startPrometheus } from '../services/" + "prometheus.ts'")
      writeFileSync(mentions, '// Prometheus text format, checked without a server')
      expect(await neededServices([uses])).toEqual({ postgres: false, kafka: false, chromium: false, prometheus: true })
      expect((await neededServices([mentions])).prometheus).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('counts what a test\'s own helpers use, not what the modules it tests mention', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-needed-'))
    try {
      writeFileSync(join(dir, 'test-sink.ts'), "export const url = inject('DATABASE_URL')")
      writeFileSync(join(dir, 'config.ts'), '// `${KAFKA_BROKERS}` in an example')
      writeFileSync(join(dir, 'sink.test.ts'), "import { url } from './test-sink.ts'\nimport { config } from './config.ts'")
      expect(await neededServices([join(dir, 'sink.test.ts')])).toEqual({ postgres: true, kafka: false, chromium: false, prometheus: false })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
