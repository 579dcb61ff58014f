/** @module Test kit for this plugin: a sink on the test run's Postgres in a schema of its own, and a connection to look at it. */
import { Value } from '@sinclair/typebox/value'
import postgres, { type Sql } from 'postgres'
import { inject } from 'vitest'
import type { Emit, Event, InputRef, SinkInstance } from '../../core/plugin.ts'
import { createTestContext, type TestContext } from '../../core/testing/test-context.ts'
import { PostgresSinkConfigSchema, type PostgresSinkConfig } from './config.ts'
import plugin from './index.ts'

export interface TestSink {
  sink: SinkInstance
  ctx: TestContext
  config: PostgresSinkConfig
  schema: string
  /** A separate connection for assertions; `search_path` is the test's schema. */
  sql: Sql
  dead: Event[]
  write(events: Event[], from: string, role?: string): Promise<void>
  close(): Promise<void>
}

export function testConfig(options: Partial<PostgresSinkConfig> = {}): PostgresSinkConfig {
  const schema = `t_${Math.random().toString(36).slice(2, 10)}`
  return Value.Default(PostgresSinkConfigSchema, { url: inject('DATABASE_URL'), schema, ...options }) as PostgresSinkConfig
}

export async function startTestSink(options: Partial<PostgresSinkConfig> = {}, nodeId = 'db'): Promise<TestSink> {
  const config = testConfig(options)
  const ctx = createTestContext({ nodeId })
  const sink = plugin.create(ctx, config)
  await sink.start?.()
  const sql = postgres(config.url, { max: 2, onnotice: () => undefined, connection: { search_path: config.schema } })
  const dead: Event[] = []
  const emit: Emit = (events, port) => void (port === 'dead' && dead.push(...events))
  let closing: Promise<void> | undefined
  return {
    sink, ctx, config, schema: config.schema, sql, dead,
    write: async (events, from, role = 'in') => sink.write(events, { role, from } satisfies InputRef, emit),
    close: () =>
      (closing ??= (async () => {
        await sink.stop?.()
        await sql.unsafe(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`)
        await sql.end()
      })()),
  }
}
