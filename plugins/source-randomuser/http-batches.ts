/** @module HTTP mode as batches: pages of a randomuser-compatible API mapped to the role; records that do not parse go to `dead`. */
import type { Event, SourceBatch } from '../../core/plugin.ts'
import { fetchUsersPage, type FetchDeps, type RetryPolicy } from './fetch-users-page.ts'
import type { Pacer } from '../../core/pacer.ts'
import { describeInvalidUser, type RandomUser } from './random-user.ts'
import { toCandidate, toVoter } from './roles.ts'

export interface HttpStream {
  url: string
  seed: string
  role: 'voter' | 'candidate' | 'raw'
  parties: readonly string[]
  /** Infinity for unbounded. */
  count: number
  pageSize: number
  chunkSize: number
  policy: RetryPolicy
}

/** Record n lives on page floor(n / pageSize) + 1 at offset n % pageSize. A short page ends the stream. */
export async function* readHttpBatches(stream: HttpStream, from: number, pacer: Pacer, deps: FetchDeps): AsyncGenerator<SourceBatch> {
  let seq = from
  while (seq < stream.count && !deps.signal.aborted) {
    const page = Math.floor(seq / stream.pageSize) + 1
    const results = await fetchUsersPage({ url: stream.url, seed: stream.seed, page, results: stream.pageSize }, stream.policy, deps)
    const pageEnd = (page - 1) * stream.pageSize + Math.min(results.length, stream.pageSize)
    const end = Math.min(pageEnd, stream.count)
    while (seq < end && !deps.signal.aborted) {
      const n = Math.min(stream.chunkSize, end - seq)
      await pacer.take(n, deps.signal)
      const offset = seq - (page - 1) * stream.pageSize
      yield toBatch(stream, results.slice(offset, offset + n), seq)
      seq += n
    }
    if (results.length < stream.pageSize) return
  }
}

function toBatch(stream: HttpStream, records: unknown[], firstSeq: number): SourceBatch {
  const events: Event[] = []
  const dead: Event[] = []
  records.forEach((record, i) => {
    const problem = describeInvalidUser(record)
    if (problem === undefined) events.push(toEvent(stream, record as RandomUser, firstSeq + i))
    else dead.push({ reason: 'invalid_record', detail: problem, record })
  })
  const position = firstSeq + records.length
  return dead.length > 0 ? { events, position, ports: { dead } } : { events, position }
}

function toEvent(stream: HttpStream, user: RandomUser, seq: number): Event {
  if (stream.role === 'voter') return toVoter(user)
  if (stream.role === 'candidate') return toCandidate(user, seq, stream.parties)
  return user
}
