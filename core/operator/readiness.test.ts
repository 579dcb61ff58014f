import { describe, expect, it } from 'vitest'
import { NodeError } from '../errors.ts'
import { emptyNodeMetrics, type PipelineMetrics } from '../metrics.ts'
import { readiness } from './readiness.ts'

const node = (id: string, state: PipelineMetrics['nodes'][number]['state']) => ({ ...emptyNodeMetrics(id, 'p', 'sink'), state })
const at = (phase: PipelineMetrics['phase'], ...nodes: PipelineMetrics['nodes']): PipelineMetrics => ({ pipeline: 'p', startedAt: 0, now: 0, nodes, phase })

describe('readiness', () => {
  it('is ready while running and while a complete run serves its result', () => {
    expect(readiness(at('running', node('a', 'running')))).toEqual({ ready: true, body: { status: 'running' } })
    expect(readiness(at('complete', node('a', 'done'), node('dash', 'serving')))).toEqual({ ready: true, body: { status: 'complete', serving: ['dash'] } })
  })

  it('is not ready while nodes start, naming them', () => {
    expect(readiness(at('starting', node('src', 'created'), node('db', 'starting'), node('dash', 'running')))).toEqual({ ready: false, body: { status: 'starting', waiting: ['src', 'db'] } })
  })

  it('is not ready once draining starts, nor after', () => {
    expect(readiness(at('draining', node('a', 'draining'))).ready).toBe(false)
    expect(readiness(at('stopped', node('a', 'stopped'))).body).toEqual({ status: 'stopped' })
  })

  it('names the failed node, its hook and the error', () => {
    const error = new NodeError('db', 'postgres', 'write', new Error('relation "votes" does not exist'))
    const metrics = { ...at('failed', node('db', 'running')), failure: { node: 'db', plugin: 'postgres', hook: 'write', message: error.message, error } }
    expect(readiness(metrics)).toEqual({ ready: false, body: { status: 'failed', node: 'db', plugin: 'postgres', hook: 'write', error: 'node `db` (postgres) failed in write(): relation "votes" does not exist' } })
  })

  it('reads the phase from node states when a snapshot has none', () => {
    expect(readiness(at(undefined, node('a', 'running'), node('b', 'failed'))).body).toEqual({ status: 'failed' })
    expect(readiness(at(undefined, node('a', 'running'))).ready).toBe(true)
  })
})
