/**
 * @module What a resumed pipeline re-sends: after a restart from a checkpoint, the events since it
 * come again. The messages this sink wrote after the checkpoint (read back from the topics) are
 * matched by key, or by key and value, and skipped once each, so every message lands once.
 */
import { createHash } from 'node:crypto'
import type { KafkaMessage } from './message.ts'

export type ReplayMatch = 'key' | 'message'

/** A message already in a topic, read back from the checkpoint's offsets. */
export interface WrittenMessage {
  topic: string
  key: string | null
  value: string | null
}

export class ReplayFilter {
  /** Per topic: identity → how many writes it still absorbs. */
  private readonly pending = new Map<string, Map<string, number>>()
  private left = 0
  private readonly matchOf: (topic: string) => ReplayMatch

  /** `match`: how messages of a topic are matched, one way for all topics or per topic. */
  constructor(match: ReplayMatch | ((topic: string) => ReplayMatch), written: Iterable<WrittenMessage>) {
    this.matchOf = typeof match === 'function' ? match : () => match
    for (const m of written) {
      const counts = this.pending.get(m.topic) ?? new Map<string, number>()
      this.pending.set(m.topic, counts)
      const id = this.identity(this.matchOf(m.topic), m.key, m.value ?? '')
      counts.set(id, (counts.get(id) ?? 0) + 1)
      this.left++
    }
  }

  /** Messages already written that no write has matched yet; at 0 the filter has nothing left to do. */
  get remaining(): number {
    return this.left
  }

  /** The messages of a write to `topic` that are not already there (each written message absorbs one). */
  unwritten(topic: string, messages: KafkaMessage[]): KafkaMessage[] {
    const counts = this.pending.get(topic)
    if (!counts || counts.size === 0) return messages
    const match = this.matchOf(topic)
    return messages.filter((m) => {
      const id = this.identity(match, m.key, m.value)
      const n = counts.get(id)
      if (n === undefined) return true
      if (n === 1) counts.delete(id)
      else counts.set(id, n - 1)
      this.left--
      return false
    })
  }

  private identity(match: ReplayMatch, key: string | null, value: string): string {
    const k = key === null ? '\u0000' : `k${key}`
    if (match === 'key') return k
    // Values can be long (a vote is ~1 KB): a digest keeps what is held small.
    return `${k}\u0000${createHash('sha1').update(value).digest('base64')}`
  }
}
