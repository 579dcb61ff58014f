/** @module One real Postgres server for a whole test run: the embedded one, fresh data in a temporary folder, a free port. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmbeddedPostgres } from '../../plugins/sink-postgres/embedded.ts'

export async function startTestPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-test-postgres-'))
  chmodSync(dir, 0o755) // the server account (not root) must reach its data inside
  const server = await startEmbeddedPostgres({ dir, reset: true })
  return {
    url: server.url,
    async stop() {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
