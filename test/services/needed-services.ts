/** @module Which real services the selected test files need, read from their text, so a pure plugin's test starts none of them. */
import { readFile } from 'node:fs/promises'

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
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) return ALL
    needed.postgres ||= text.includes('DATABASE_URL')
    needed.kafka ||= text.includes('KAFKA_BROKERS')
    needed.chromium ||= /chromium/i.test(text)
    needed.prometheus ||= text.includes('services/prometheus')
  }
  return needed
}

/** The command line's test filters: the positional arguments after `vitest [run]` (a wider guess only starts more). */
export function testFilters(argv: readonly string[]): string[] {
  const start = argv.findIndex((a) => /vitest(\.mjs)?$/.test(a))
  return argv.slice(start + 1).filter((a, i, all) => !a.startsWith('-') && !['run', 'watch', 'related'].includes(a) && !/^-(t|c)$|^--(testNamePattern|config|project|reporter|root|dir|outputFile)$/.test(all[i - 1] ?? ''))
}
