import { describe, expect, it } from 'vitest'
import { classify, redactUrl } from './errors.ts'
import { parsePostmasterPid } from './postmaster-pid.ts'

describe('sorting failures', () => {
  it('retries lost connections and restarting servers, dead-letters bad data, stops on the rest', () => {
    const failure = (code: string) => classify(Object.assign(new Error(code), { code }))
    expect(['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01', '57P03', '08006', '40P01'].map(failure)).toEqual(Array(7).fill('retry'))
    expect(['22007', '23503', '23502', '21000', '54000'].map(failure)).toEqual(Array(5).fill('data'))
    expect(['42P01', '28P01', '54011'].map(failure)).toEqual(['fatal', 'fatal', 'fatal'])
    expect(classify(new Error('no code'))).toBe('fatal')
  })

  it('never shows a password', () => {
    expect(redactUrl('postgres://tally:s3cret@127.0.0.1:5432/db')).toBe('postgres://tally:***@127.0.0.1:5432/db')
  })
})

describe('the postmaster.pid lock file', () => {
  it('gives pid, data folder, port and status', () => {
    expect(parsePostmasterPid('7293\n/tmp/pg/data\n1795310613\n54329\n\n127.0.0.1\n  9978161         8\nready   \n')).toEqual({ pid: 7293, dataDir: '/tmp/pg/data', port: 54329, status: 'ready' })
    expect(parsePostmasterPid('garbage')).toBeUndefined()
  })
})
