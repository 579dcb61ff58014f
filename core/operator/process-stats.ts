/** @module Edge file: this process's CPU, memory and runtime (node:process, which Node, Bun and Deno all provide), plus the event-loop delay sampler. */
import process from 'node:process'
import type { ProcessSample } from './collect.ts'
import { startEventLoopDelaySampler } from './event-loop-delay.ts'

export interface ProcessSampler {
  sample(): ProcessSample
  stop(): void
}

export function startProcessSampler(): ProcessSampler {
  const startTimeSeconds = (Date.now() - process.uptime() * 1000) / 1000
  const loop = startEventLoopDelaySampler()
  const { runtime, version } = runtimeOf()
  return {
    sample() {
      const cpu = process.cpuUsage()
      const memory = process.memoryUsage()
      return {
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        residentBytes: memory.rss,
        startTimeSeconds,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        eventLoopDelay: loop.histogram,
        runtime,
        version,
      }
    },
    stop: () => loop.stop(),
  }
}

function runtimeOf(): { runtime: string; version: string } {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } }
  if (g.Bun) return { runtime: 'bun', version: g.Bun.version }
  if (g.Deno) return { runtime: 'deno', version: g.Deno.version.deno }
  return { runtime: 'node', version: process.versions.node ?? 'unknown' }
}
