/** @module The file source's options: the one schema behind validation, the config type and the docs. */
import { Type, type Static } from '@sinclair/typebox'

export const FileSourceConfig = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      description: 'JSON Lines file to read (relative to the working directory), or `-` for standard input. Stdin cannot be re-read: it is read from its start on every run, whatever a checkpoint says.',
      examples: ['data/voters.jsonl', '-'],
    }),
    batchSize: Type.Integer({ minimum: 1, default: 1000, description: 'Lines per batch at most (events, dead letters and blank lines together). A partial batch goes out at the end of the input, and when following, whenever the file has no more lines for now.' }),
    follow: Type.Boolean({
      default: false,
      description: 'Keep reading as the file grows, like `tail -f`: the source never ends (stop it with Ctrl-C), a last line is read once its newline is written, and a file that shrinks below what was read is an error (rotation is not followed). Files only.',
    }),
    pollIntervalMs: Type.Integer({ minimum: 1, default: 1000, description: 'follow: how often to look for new lines once the end is reached (on the pipeline clock).' }),
    maxLineBytes: Type.Integer({
      minimum: 1,
      default: 16 * 1024 * 1024,
      description: 'Longest line read (bytes, without its newline). A longer line goes to `dead` (reason `line_too_long`, its start in `text`) and reading goes on, so one runaway line never fills memory.',
    }),
  },
  { additionalProperties: false, examples: [{ path: 'data/voters.jsonl', batchSize: 500 }, { path: '-' }, { path: 'logs/votes.jsonl', follow: true, pollIntervalMs: 250 }] },
)

export type FileSourceConfig = Static<typeof FileSourceConfig>
