/** @module Debian's Prometheus for the operator e2e test: installed with apt when missing (as root), then run on a loopback port with a temporary config and data folder. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const prometheusPath = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus'
export const promtoolPath = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool'

/** Installs the `prometheus` package (it ships promtool) when either binary is missing. Its service is not started (no init, policy-rc.d). */
export function ensurePrometheus(): void {
  if (existsSync(prometheusPath) && existsSync(promtoolPath)) return
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Prometheus not found at ${prometheusPath}: install Debian's \`prometheus\` package (it ships promtool) or set PROMETHEUS_PATH and PROMTOOL_PATH`)
  }
  process.stderr.write('installing Debian prometheus for the operator test (first run only)…\n')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface RunningPrometheus {
  url: string
  /** Instant query through the HTTP API: each series' labels and value. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]>
  /** Every target's health (`up`, `down`, or `unknown` before its first scrape) and last error. */
  targets(): Promise<{ scrapeUrl: string; health: string; lastError: string }[]>
  stop(): Promise<void>
}

/** Runs Prometheus scraping `targets` every `intervalS` seconds; resolves once it is ready. */
export async function startPrometheus(targets: string[], intervalS = 1): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-prometheus-'))
  const config = join(dir, 'prometheus.yml')
  writeFileSync(config, `global: { scrape_interval: ${intervalS}s, scrape_timeout: ${intervalS}s, evaluation_interval: ${intervalS}s }
scrape_configs:
  - job_name: tally
    static_configs: [{ targets: ${JSON.stringify(targets)} }]
`)
  const port = await freePort()
  const child: ChildProcess = spawn(prometheusPath, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(force)
    rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 30_000
  while (!(await fetch(`${url}/-/ready`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`Prometheus did not become ready:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const query = async (promql: string) => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`)
    const body = (await response.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } }
    if (body.status !== 'success') throw new Error(`Prometheus query ${promql} failed: ${body.error}`)
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }))
  }
  const health = async () => ((await (await fetch(`${url}/api/v1/targets`)).json()) as { data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] } }).data.activeTargets
  return { url, query, targets: health, stop }
}
