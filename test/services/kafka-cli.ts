/** @module `npm run kafka -- start|stop|status|run`: a real local Kafka broker for users without Docker. */
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { isAlive, startKafkaBroker, stopKafkaProcess } from '../../services/kafka/broker.ts'

const usage = `usage: npm run kafka -- <start|stop|status|run> [options]
  start    start a broker in the background and return once it serves requests
  stop     stop the background broker
  status   print the bootstrap address of the running broker
  run      run a broker in the foreground until Ctrl-C
options:
  --port <n>             client port (default 9092)
  --controller-port <n>  KRaft controller port (default 9093)
  --partitions <n>       partitions of auto-created topics (default 3)
  --version <v>          Kafka version, e.g. 4.4.0 (default $KAFKA_VERSION, else 3.9.1); jars in .cache/kafka/<v>/libs
  --data-dir <dir>       broker state (default .tally/kafka); topics survive restarts
  --fresh                wipe the data dir first`

interface BrokerState {
  pid: number
  url: string
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '9092' },
    'controller-port': { type: 'string', default: '9093' },
    partitions: { type: 'string', default: '3' },
    version: { type: 'string' },
    'data-dir': { type: 'string', default: '.tally/kafka' },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
const dataDir = resolve(values['data-dir'])
const stateFile = resolve(dataDir, 'broker.json')

async function readState(): Promise<BrokerState | undefined> {
  if (!existsSync(stateFile)) return undefined
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as BrokerState
  return isAlive(state.pid) ? state : undefined
}

function toPort(name: string, text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--${name} must be a port number (1-65535), got "${text}"`)
  return port
}

async function start(detached: boolean): Promise<void> {
  const running = await readState()
  if (running) return console.log(`kafka already running on ${running.url} (pid ${running.pid})`)
  if (values.fresh) await rm(dataDir, { recursive: true, force: true })
  const started = Date.now()
  const broker = await startKafkaBroker({
    port: toPort('port', values.port),
    controllerPort: toPort('controller-port', values['controller-port']),
    partitions: Number(values.partitions),
    version: values.version,
    dataDir,
    detached,
    log: (message) => console.log(message),
  })
  await writeFile(stateFile, JSON.stringify({ pid: broker.pid, url: broker.url } satisfies BrokerState) + '\n')
  console.log(`kafka ${broker.version} ready on ${broker.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${broker.pid}, log ${broker.logFile})`)
  if (detached) return console.log('export KAFKA_BROKERS=' + broker.url)
  const stop = () => void broker.stop().then(() => rm(stateFile, { force: true }), (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

async function stop(): Promise<void> {
  const running = await readState()
  if (!running) return console.log('kafka is not running')
  await stopKafkaProcess(running.pid)
  await rm(stateFile, { force: true })
  console.log(`kafka on ${running.url} stopped`)
}

async function status(): Promise<void> {
  const running = await readState()
  console.log(running ? `kafka running on ${running.url} (pid ${running.pid})` : 'kafka is not running')
  if (!running) process.exitCode = 3
}

const command = positionals[0]
const commands: Record<string, () => Promise<void>> = { start: () => start(true), run: () => start(false), stop, status }
const action = command ? commands[command] : undefined
if (values.help || !action) {
  console.log(usage)
  if (!values.help) process.exitCode = 2
} else {
  await action().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
