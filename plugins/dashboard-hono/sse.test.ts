import { describe, expect, it } from 'vitest'
import { encodeRetry, encodeSse, HEARTBEAT } from './sse.ts'

describe('SSE framing', () => {
  it('puts several named events in one message, each line of data framed', () => {
    expect(encodeSse([['stats', '<p>1</p>'], ['leader', 'a\nb\r\nc\rd']], 7)).toBe(
      'id: 7\nevent: stats\ndata: <p>1</p>\n\nevent: leader\ndata: a\ndata: b\ndata: c\ndata: d\n\n',
    )
  })

  it('refuses event names that could break the framing', () => {
    expect(() => encodeSse([['bad\nname', 'x']])).toThrow(/SSE event name/)
  })

  it('writes comments for heartbeats and the reconnect delay', () => {
    expect(HEARTBEAT).toMatch(/^:.*\n\n$/)
    expect(encodeRetry(1500)).toBe('retry: 1500\n\n')
  })
})
