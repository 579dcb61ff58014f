import { describe, expect, it } from 'vitest'
import { NodeError } from '../errors.ts'
import { createLogger } from './logger.ts'
import { toJsonLine, toTextLine } from './log-line.ts'
import { createRedactor } from './redact.ts'

const time = new Date('2026-01-02T03:04:05.678Z')
const redact = createRedactor(['dashboard-token-1'])

describe('log lines', () => {
  it('writes one JSON object with time, level, node, plugin and message', () => {
    const line = toJsonLine({ time, level: 'info', node: 'db', plugin: 'postgres', message: 'embedded Postgres started' }, redact)
    expect(JSON.parse(line)).toEqual({ time: '2026-01-02T03:04:05.678Z', level: 'info', node: 'db', plugin: 'postgres', message: 'embedded Postgres started' })
    expect(line).not.toContain('\n')
  })

  it('gives an error with its cause chain, and the failed node and plugin of a node failure', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    const reach = new Error('cannot reach Postgres at postgres://u:secret@127.0.0.1:1/db', { cause: refused })
    const failure = new NodeError('db', 'postgres', 'start', reach)
    const json = JSON.parse(toJsonLine({ time, level: 'error', message: failure.message, error: failure }, redact))
    expect(json).toMatchObject({ level: 'error', node: 'db', plugin: 'postgres' })
    expect(json.error).toEqual({
      name: 'NodeError', code: 'E_NODE_FAILED', node: 'db', hook: 'start', message: 'node `db` (postgres) failed in start(): cannot reach Postgres at postgres://u:***@127.0.0.1:1/db',
      cause: { name: 'Error', message: 'cannot reach Postgres at postgres://u:***@127.0.0.1:1/db', cause: { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' } },
    })
    expect(JSON.stringify(json)).not.toContain('secret')
  })

  it('survives causes that are not errors and cause cycles', () => {
    const a = new Error('a')
    const b = new Error('b', { cause: a })
    a.cause = b
    const json = JSON.parse(toJsonLine({ time, level: 'warn', message: 'm', error: new Error('top', { cause: 'plain text' }) }, redact))
    expect(json.error.cause).toEqual({ name: 'string', message: 'plain text' })
    expect(JSON.parse(toJsonLine({ time, level: 'warn', message: 'm', error: b }, redact)).error.cause.cause).toBeUndefined()
  })

  it('keeps the text lines people read', () => {
    expect(toTextLine({ time, level: 'warn', node: 'db', message: 'write() failed' }, redact)).toBe('warning: [db] write() failed')
    expect(toTextLine({ time, level: 'info', message: 'token dashboard-token-1' }, redact)).toBe('token ***')
  })

  it('drops records below the level and names the node in a child logger\'s lines', () => {
    const lines: string[] = []
    const log = createLogger({ format: 'json', level: 'warn', redact, write: (l) => lines.push(l), now: () => time })
    log.info('hidden')
    log.debug?.('hidden')
    log.child!({ node: 'votes', plugin: 'voting' }).warn('slow')
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ time: time.toISOString(), level: 'warn', node: 'votes', plugin: 'voting', message: 'slow' }])
  })
})
