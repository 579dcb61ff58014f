/** @module Which real services the selected test files need, read from their text, so a pure plugin's test starts none of them. */
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

export interface NeededServices {
  postgres: boolean
  kafka: boolean
  chromium: boolean
  /** Debian's Prometheus (installed when missing): files importing test/services/prometheus.ts. */
  prometheus: boolean
}

export const ALL: NeededServices = { postgres: true, kafka: true, chromium: true, prometheus: true }

/**
 * What `files` use: `DATABASE_URL`, `KAFKA_BROKERS` (through `inject` or the environment),
 * Chromium and Prometheus. A file that cannot be read counts as needing everything.
 */
export async function neededServices(files: readonly string[]): Promise<NeededServices> {
  const needed: NeededServices = { postgres: false, kafka: false, chromium: false, prometheus: false }
  const queue = [...files]
  const seen = new Set(queue)
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) return ALL
    // A test's own helpers (`./test-sink.ts`, `../fixtures/…`) count as part of it: a sink test
    // that reaches Postgres through `startTestSink` needs Postgres even run alone.
    for (const helper of testHelpers(file, text)) {
      if (!seen.has(helper)) {
        seen.add(helper)
        queue.push(helper)
      }
    }
    needed.postgres ||= text.includes('DATABASE_URL')
    needed.kafka ||= text.includes('KAFKA_BROKERS')
    needed.chromium ||= /chromium/i.test(text)
    needed.prometheus ||= text.includes('services/prometheus')
  }
  return needed
}

/** Relative imports of `file` that are test helpers (a `test-` or `fixture` name, or under `test/` or `fixtures/`), as paths. */
export function testHelpers(file: string, text: string): string[] {
  const out: string[] = []
  for (const [, spec] of text.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const path = resolve(dirname(file), spec!)
    if (/(^|\/)(test-[^/]*|[^/]*fixture[^/]*)$|\/(test|fixtures)\//.test(path)) out.push(path)
  }
  return out
}

/** The command line's test filters: the positional arguments after `vitest [run]` (a wider guess only starts more). */
export function testFilters(argv: readonly string[]): string[] {
  const start = argv.findIndex((a) => /vitest(\.mjs)?$/.test(a))
  return argv.slice(start + 1).filter((a, i, all) => !a.startsWith('-') && !['run', 'watch', 'related'].includes(a) && !/^-(t|c)$|^--(testNamePattern|config|project|reporter|root|dir|outputFile)$/.test(all[i - 1] ?? ''))
}
