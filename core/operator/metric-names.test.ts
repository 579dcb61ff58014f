import { describe, expect, it } from 'vitest'
import { pluginFamilyName, toPluginSeries, toSnakeCase } from './metric-names.ts'

describe('plugin metric names', () => {
  it('turns recorded names into snake_case', () => {
    expect(toSnakeCase('replayedVotes')).toBe('replayed_votes')
    expect(toSnakeCase('seen_state_bytes')).toBe('seen_state_bytes')
    expect(toSnakeCase('HTTPRetries')).toBe('http_retries')
    expect(toSnakeCase('cache.hits-2')).toBe('cache_hits_2')
  })

  it('puts a count in the plugin\'s name space as a counter, a gauge as a gauge', () => {
    expect(toPluginSeries('postgres', 'db', 'rows', 42, 'count')).toEqual({ family: 'tally_plugin_postgres_rows', type: 'counter', help: '`rows`, recorded by the postgres plugin with ctx.metrics.count().', labels: { node: 'db' }, value: 42 })
    expect(toPluginSeries('window', 'by_state', 'stateKeys', 7, 'gauge')).toMatchObject({ family: 'tally_plugin_window_state_keys', type: 'gauge', value: 7 })
    expect(toPluginSeries('kafka-source', 'in', 'commitsSkipped', 1, 'count')?.family).toBe('tally_plugin_kafka_source_commits_skipped')
  })

  it('converts milliseconds to seconds, the base unit', () => {
    expect(toPluginSeries('postgres', 'db', 'writeMs', 250, 'gauge')).toMatchObject({ family: 'tally_plugin_postgres_write_seconds', unit: 'seconds', value: 0.25 })
    expect(pluginFamilyName('voting', 'seen_state_bytes', 'gauge')).toEqual({ family: 'tally_plugin_voting_seen_state_bytes', scale: 1, unit: 'bytes' })
    expect(pluginFamilyName('x', 'requests_total', 'count').family).toBe('tally_plugin_x_requests')
  })

  it('makes lag.<topic>.<partition> one gauge labelled by topic and partition (topics may hold dots)', () => {
    expect(toPluginSeries('kafka-source', 'votes_in', 'lag.votes_topic.2', 17, 'gauge')).toMatchObject({ family: 'tally_plugin_kafka_source_lag', type: 'gauge', labels: { node: 'votes_in', topic: 'votes_topic', partition: '2' }, value: 17 })
    expect(toPluginSeries('kafka-source', 'in', 'lag.a.b.c.0', 1, 'gauge')?.labels).toEqual({ node: 'in', topic: 'a.b.c', partition: '0' })
  })

  it('uses a plugin\'s declared description and labels, and its declared kind when none was recorded', () => {
    const declared = { rows: { kind: 'count' as const, description: 'Rows written.' }, hits: { kind: 'count' as const, description: 'Hits per shard.', labels: ['shard'] } }
    expect(toPluginSeries('p', 'n', 'rows', 1, undefined, declared)).toMatchObject({ type: 'counter', help: 'Rows written.' })
    expect(toPluginSeries('p', 'n', 'hits.7', 3, 'count', declared)).toMatchObject({ family: 'tally_plugin_p_hits', labels: { node: 'n', shard: '7' } })
  })

  it('leaves the engine\'s own port and unwired counts to the engine metrics', () => {
    expect(toPluginSeries('voting', 'votes', 'port.audit', 3, undefined)).toBeUndefined()
    expect(toPluginSeries('voting', 'votes', 'unwired.dead', 3, undefined)).toBeUndefined()
  })
})
