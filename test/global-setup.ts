/** @module Starts the real services the suites need (Postgres, Kafka) unless DATABASE_URL / KAFKA_BROKERS point at running ones; installs Chromium and Prometheus when missing. */
import { existsSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { ensureChromium } from './services/chromium.ts'
import { ALL, neededServices, testFilters } from './services/needed-services.ts'
import { ensurePrometheus } from './services/prometheus.ts'

type Started = { url: string; stop(): Promise<void> }

/**
 * Runs once per test project (vitest.config.ts). A project whose `env` names a `KAFKA_VERSION`
 * (`kafka-4`) gets a broker of that version as its `KAFKA_BROKERS`, kept in `KAFKA_BROKERS_4`
 * (set it to use a running one); the default project's is `KAFKA_BROKERS`.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = []
  // A run of some files only (`vitest run plugins/my-thing`) starts just what those files use.
  const filters = testFilters(process.argv)
  const files = (await project.globTestFiles(filters)).testFiles
  if (files.length === 0) return () => undefined
  const kafkaVersion = project.config.env?.KAFKA_VERSION
  const needed = filters.length === 0 && !kafkaVersion ? ALL : await neededServices(files)
  if (needed.chromium) ensureChromium()
  if (needed.prometheus) ensurePrometheus()
  if (needed.postgres && !process.env.DATABASE_URL && existsSync(new URL('./services/postgres.ts', import.meta.url))) {
    const { startTestPostgres } = (await import('./services/postgres.ts')) as { startTestPostgres(): Promise<Started> }
    const pg = await startTestPostgres()
    process.env.DATABASE_URL = pg.url
    stops.push(pg.stop)
  }
  const variable = kafkaVersion ? `KAFKA_BROKERS_${kafkaVersion.split('.')[0]}` : 'KAFKA_BROKERS'
  if (needed.kafka && !process.env[variable] && existsSync(new URL('./services/kafka.ts', import.meta.url))) {
    const { startTestKafka } = (await import('./services/kafka.ts')) as { startTestKafka(version?: string): Promise<Started> }
    const kafka = await startTestKafka(kafkaVersion)
    process.env[variable] = kafka.url
    stops.push(kafka.stop)
  }
  project.provide('DATABASE_URL', process.env.DATABASE_URL ?? '')
  project.provide('KAFKA_BROKERS', process.env[variable] ?? '')
  return async () => {
    for (const stop of stops.reverse()) await stop()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    DATABASE_URL: string
    KAFKA_BROKERS: string
  }
}
