/** @module One connection to a Kafka broker (TCP or TLS, SASL when configured): size-prefixed request/response frames matched by correlation id. */
import { connect, isIP, type Socket } from 'node:net'
import { connect as connectTls, type ConnectionOptions as TlsOptions } from 'node:tls'
import { KafkaVersionError, setUpConnection, type SaslCredentials, type Session } from './connection-setup.ts'
import { encodeRequestHeader, ResponseFrames } from './frames.ts'
import { describeRange, pickVersion, API_NAMES } from './sasl-wire.ts'
import { isTlsFailure } from './tls-options.ts'

/** A failure of the connection itself (refused, reset, timed out): always worth retrying. */
export class KafkaConnectionError extends Error {
  override name = 'KafkaConnectionError'
  readonly retryable = true
  readonly code: string

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** The TLS handshake failed on a certificate, key or protocol: a configuration problem, not worth retrying. */
export class KafkaTlsError extends Error {
  override name = 'KafkaTlsError'
  readonly retryable = false
}

/** An open, set-up connection. */
interface Link {
  socket: Socket
  session: Session
}

interface Pending {
  resolve(body: Buffer): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
}

export interface ConnectionOptions {
  host: string
  port: number
  clientId: string
  connectTimeoutMs: number
  requestTimeoutMs: number
  /** TLS options (`ca`, `cert`, `key`, …); absent: plain TCP. */
  tls?: TlsOptions
  sasl?: SaslCredentials
}

/** Connects lazily and again after a failure; every in-flight request fails with the connection. */
export class KafkaConnection {
  private readonly options: ConnectionOptions
  private readonly clientId: Buffer
  private link: Promise<Link> | undefined
  /** When the current link must be replaced to authenticate again (KIP-368); undefined: never. */
  private reauthenticateAt: number | undefined
  private readonly pending = new Map<number, Pending>()
  private nextCorrelationId = 1
  private readonly frames = new ResponseFrames()

  constructor(options: ConnectionOptions) {
    this.options = options
    this.clientId = Buffer.from(options.clientId)
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`
  }

  /**
   * Sends `body` as request `apiKey`/`apiVersion` (header v1) and resolves with the response body
   * (after the correlation id). Refuses a version the broker does not serve (`KafkaVersionError`).
   */
  async request(apiKey: number, apiVersion: number, body: Buffer): Promise<Buffer> {
    if (this.reauthenticateAt !== undefined && Date.now() >= this.reauthenticateAt && this.pending.size === 0) this.close()
    this.link ??= this.open()
    const { socket, session: { ranges } } = await this.link
    if (pickVersion(ranges, apiKey, [apiVersion]) === undefined) {
      throw new KafkaVersionError(`broker ${this.address} serves ${describeRange(ranges, apiKey)}; this producer speaks ${API_NAMES[apiKey] ?? apiKey} v${apiVersion}`)
    }
    return this.send(socket, apiKey, apiVersion, body, false)
  }

  /** Opens the connection (versions negotiated, SASL done) without a request: fails as a first request would. */
  async connect(): Promise<void> {
    this.link ??= this.open()
    await this.link
  }

  close(): void {
    this.fail(new KafkaConnectionError(`connection to ${this.address} closed`, 'ECONNRESET'))
  }

  private send(socket: Socket, apiKey: number, apiVersion: number, body: Buffer, flexible: boolean): Promise<Buffer> {
    const correlationId = this.nextCorrelationId++
    const header = encodeRequestHeader(body.length, apiKey, apiVersion, correlationId, this.clientId, flexible)
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new KafkaConnectionError(`request ${apiKey} to ${this.address} timed out after ${this.options.requestTimeoutMs} ms`, 'ETIMEDOUT'))
      }, this.options.requestTimeoutMs)
      this.pending.set(correlationId, { resolve, reject, timer })
      socket.write(header)
      // ApiVersions has no body; Deno's TLS sockets fail an empty write (EPERM).
      if (body.length > 0) socket.write(body)
    })
  }

  /** Connects, negotiates versions and authenticates; events of a socket this connection already gave up on do not touch its successor. */
  private open(): Promise<Link> {
    let raw: Socket | undefined
    let setUp = false
    const current = () => this.link === opening
    const opening: Promise<Link> = new Promise<Socket>((resolve, reject) => {
      const socket = (raw = this.connectSocket())
      const timer = setTimeout(() => socket.destroy(new KafkaConnectionError(`connecting to ${this.address} timed out`, 'ETIMEDOUT')), this.options.connectTimeoutMs)
      socket.once(this.options.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer)
        resolve(socket)
      })
      socket.on('data', (chunk: Buffer) => current() && this.frames.push(chunk, this.answer))
      socket.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        const failure = this.toFailure(error)
        reject(failure)
        if (current()) this.fail(failure)
      })
      socket.on('close', () => {
        // A TLS listener hangs up on plain TCP, a SASL one on requests before authentication: a hint, but still retried (a stopping broker hangs up too).
        const hint = setUp ? '' : this.options.tls ? ' while setting up' : ' while setting up (TLS listeners do that to plain TCP: set ssl)'
        if (current()) this.fail(new KafkaConnectionError(`connection to ${this.address} closed by the broker${hint}`, 'ECONNRESET'))
      })
    }).then(async (socket) => {
      const session = await setUpConnection((apiKey, version, body, flexible = false) => this.send(socket, apiKey, version, body, flexible), this.address, this.options.sasl)
      setUp = true
      if (current()) this.reauthenticateAt = session.reauthenticateAt
      return { socket, session }
    })
    opening.catch((error: Error) => {
      raw?.destroy()
      if (current()) this.fail(error)
    })
    return opening
  }

  private connectSocket(): Socket {
    const { host, port, tls } = this.options
    if (!tls) return connect({ host, port, noDelay: true })
    try {
      // No Nagle here either: a request is two writes (header, body), and the second would wait for the broker's delayed ACK (~40 ms).
      return connectTls({ ...tls, host, port, servername: tls.servername ?? (isIP(host) ? undefined : host) }).setNoDelay(true)
    } catch (error) {
      // createSecureContext refuses a key or certificate it cannot read (OpenSSL's reason, never the key itself).
      throw new KafkaTlsError(`TLS options for ${this.address} are unusable: ${(error as Error).message}: check ssl.cert and ssl.key`, { cause: error })
    }
  }

  private toFailure(error: NodeJS.ErrnoException): Error {
    if (isTlsFailure(error)) return new KafkaTlsError(`TLS with ${this.address} failed: ${error.message} (${error.code}): check ssl.ca, ssl.cert/key and ssl.servername`, { cause: error })
    return new KafkaConnectionError(`connection to ${this.address} failed: ${error.message}`, error.code ?? 'ECONNRESET', { cause: error })
  }

  private readonly answer = (correlationId: number, body: Buffer): void => {
    const waiting = this.pending.get(correlationId)
    if (!waiting) return
    this.pending.delete(correlationId)
    clearTimeout(waiting.timer)
    waiting.resolve(body)
  }

  private fail(error: Error): void {
    const link = this.link
    this.link = undefined
    this.reauthenticateAt = undefined
    this.frames.reset()
    void link?.then(({ socket }) => socket.destroy(), () => undefined)
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer)
      waiting.reject(error)
      this.pending.delete(id)
    }
  }
}
