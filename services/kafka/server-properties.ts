/** @module The server.properties of a single-node KRaft broker (combined broker and controller) on loopback. */

export interface ServerPropertiesOptions {
  /** Client (PLAINTEXT) port. */
  port: number
  /** KRaft controller port. */
  controllerPort: number
  /** Where partitions and the metadata log live (`log.dirs`). */
  logDir: string
  /** Partitions of auto-created topics (`num.partitions`). */
  partitions: number
  host?: string
  /** Listeners besides PLAINTEXT (which stays the inter-broker one), advertised on the same host. */
  listeners?: ExtraListener[]
  /** More entries (a listener's `listener.name.<name>.…` settings); they replace defaults of the same key. */
  properties?: Record<string, string | number>
}

export interface ExtraListener {
  /** Listener name, e.g. `SASL_SSL` (also its key in `listener.name.<name lower-cased>.…`). */
  name: string
  port: number
  protocol: 'SSL' | 'SASL_SSL' | 'SASL_PLAINTEXT'
}

/** Renders the properties file: one node, replication factor 1 everywhere, no rebalance delay (tests join groups fast). */
export function toServerProperties(options: ServerPropertiesOptions): string {
  const host = options.host ?? '127.0.0.1'
  const extra = options.listeners ?? []
  const urls = extra.map((l) => `,${l.name}://${host}:${l.port}`).join('')
  const entries: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@${host}:${options.controllerPort}`],
    ['listeners', `PLAINTEXT://${host}:${options.port},CONTROLLER://${host}:${options.controllerPort}${urls}`],
    ['advertised.listeners', `PLAINTEXT://${host}:${options.port}${urls}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${extra.map((l) => `,${l.name}:${l.protocol}`).join('')}`],
    ['log.dirs', options.logDir],
    ['num.partitions', options.partitions],
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    ['offsets.topic.replication.factor', 1],
    ['offsets.topic.num.partitions', 10],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['transaction.state.log.num.partitions', 5],
    ['group.initial.rebalance.delay.ms', 0],
    ['auto.create.topics.enable', 'true'],
    ['delete.topic.enable', 'true'],
  ]
  const merged = new Map([...entries, ...Object.entries(options.properties ?? {})])
  return [...merged].map(([key, value]) => `${key}=${escapeValue(String(value))}`).join('\n') + '\n'
}

/** Backslashes and leading spaces are special in Java properties files; Windows-style paths need this. */
function escapeValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replace(/^ /, '\\ ')
}
