/** @module The file sink's options: the one schema behind validation, the config type and the docs. */
import { Type, type Static } from '@sinclair/typebox'

export const FileSinkConfig = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      description: 'File to write JSON Lines to (relative to the working directory; its folder must exist), or `-` for standard output. The file must have no other writer: on resume this sink cuts it back to its length at the checkpoint.',
      examples: ['out/votes.jsonl', '-'],
    }),
    mode: Type.Union([Type.Literal('append'), Type.Literal('truncate')], {
      default: 'append',
      description:
        '`append`: keep what the file holds and add to it. `truncate`: empty it when a fresh run writes first (no checkpoint state for this sink); a run resuming from a checkpoint never empties it, it only cuts off what was written after the checkpoint (which the replay writes again). Ignored for stdout.',
    }),
  },
  { additionalProperties: false, examples: [{ path: 'out/votes.jsonl' }, { path: '-' }, { path: 'out/run.jsonl', mode: 'truncate' }] },
)

export type FileSinkConfig = Static<typeof FileSinkConfig>

/** What a checkpoint records for a file: how long it was once every write before the barrier was durable. */
export interface FileSinkState {
  path: string
  bytes: number
}

export function isFileSinkState(state: unknown): state is FileSinkState {
  const s = state as Partial<FileSinkState> | null
  return typeof s === 'object' && s !== null && typeof s.path === 'string' && Number.isSafeInteger(s.bytes) && s.bytes! >= 0
}
