/** @module Which running writes a new write must wait for: those inserting rows its foreign keys point at. Pure. */

interface Running {
  /** The key values the write inserts (single-column keys), or undefined: treat as touching every key. */
  keys: ReadonlySet<string> | undefined
  done: Promise<unknown>
}

/** A foreign key of the new write: the referenced table and the values this write points at. */
export interface Reference {
  table: string
  values: readonly (string | null)[]
}

/**
 * Writes run side by side on several connections, and a foreign key check does not see rows
 * another transaction has not committed yet. So a write waits for the running writes that insert
 * a row it references (votes for the voters write holding their voters), and no others.
 */
export class WriteOrder {
  private readonly running = new Map<string, Set<Running>>()

  /** Records a running write to `table` inserting `keys`; forgotten once `done` settles. */
  track(table: string, keys: ReadonlySet<string> | undefined, done: Promise<unknown>): void {
    const entry: Running = { keys, done }
    let set = this.running.get(table)
    if (!set) this.running.set(table, (set = new Set()))
    set.add(entry)
    const forget = () => void set.delete(entry)
    done.then(forget, forget)
  }

  /** Whether a write to `table` is running (so references to it are worth reading). */
  isWriting(table: string): boolean {
    return (this.running.get(table)?.size ?? 0) > 0
  }

  /** The running writes a write with these references has to wait for. */
  blockers(references: readonly Reference[]): Promise<unknown>[] {
    const found: Promise<unknown>[] = []
    for (const { table, values } of references) {
      for (const write of this.running.get(table) ?? []) {
        if (write.keys === undefined || values.some((v) => v !== null && write.keys!.has(v))) found.push(write.done)
      }
    }
    return found
  }
}
