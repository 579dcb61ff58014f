import { describe, expect, it } from 'vitest'
import type { EventPosition } from '../plugin.ts'
import { createReadOnce } from './read-once.ts'

const position: EventPosition = (event, port) => (port === 'skip' ? undefined : { part: String(event.p), offset: event.o as number })
const at = (p: number, o: number) => ({ p, o })

describe('createReadOnce', () => {
  it('passes each offset of a part once, as a worker taking the part over reads it again from its last commit', () => {
    const once = createReadOnce(undefined)
    const first = [at(0, 0), at(0, 1), at(1, 0), at(0, 2)].map((e) => once.keep('votes.out', 'out', e, position))
    expect(first).toEqual([true, true, true, true])
    // The new owner of partition 0 starts again at its commit (offset 1).
    expect([at(0, 1), at(0, 2), at(0, 3), at(1, 1)].map((e) => once.keep('votes.out', 'out', e, position))).toEqual([false, false, true, true])
    // Streams are apart: a dead letter at the same offset is another event.
    expect(once.keep('votes.dead', 'dead', at(0, 2), position)).toBe(true)
    expect(once.keep('votes.skip', 'skip', at(0, 0), position)).toBe(true)
  })

  it('restores what it passed from its checkpointed state', () => {
    const once = createReadOnce(undefined)
    once.keep('votes.out', 'out', at(3, 41), position)
    const restored = createReadOnce(JSON.parse(JSON.stringify(once.state())))
    expect(restored.keep('votes.out', 'out', at(3, 41), position)).toBe(false)
    expect(restored.keep('votes.out', 'out', at(3, 42), position)).toBe(true)
    expect(createReadOnce('nonsense').state()).toEqual({})
  })
})
