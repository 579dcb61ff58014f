/** @module CPU time and peak memory of a process and its descendants, from Linux /proc. */
import { readdirSync, readFileSync } from 'node:fs'

export interface TreeUsage {
  /** user + system CPU of the process and its live descendants, plus what its reaped children used. */
  cpuMs: number
  /** VmHWM (peak resident set) summed over the process and its live descendants. */
  peakRssKb: number
}

const CLOCK_TICK_MS = 10 // USER_HZ is 100 on Linux

function stat(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  } catch {
    return undefined // ended between listing and reading
  }
}

/** `root` and every live process below it. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = Number(stat(Number(entry))?.[1])
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent)!.push(Number(entry))
  }
  const all: number[] = []
  for (const pending = [root]; pending.length > 0; ) {
    const pid = pending.pop()!
    all.push(pid)
    pending.push(...(children.get(pid) ?? []))
  }
  return all
}

/** The tree's usage now; undefined once `root` has ended. */
export function treeUsage(root: number): TreeUsage | undefined {
  if (stat(root) === undefined) return undefined
  let ticks = 0
  let peakRssKb = 0
  for (const pid of tree(root)) {
    const fields = stat(pid)
    if (!fields) continue
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
    try {
      peakRssKb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    } catch {
      continue
    }
  }
  return { cpuMs: ticks * CLOCK_TICK_MS, peakRssKb }
}
