/** @module One TCP connection to a Kafka broker: size-prefixed request/response frames matched by correlation id. */
import { connect, type Socket } from 'node:net'

/** A failure of the connection itself (refused, reset, timed out): always worth retrying. */
export class KafkaConnectionError extends Error {
  override name = 'KafkaConnectionError'
  readonly retriable = true
  readonly code: string

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
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
}

/** Connects lazily and again after a failure; every in-flight request fails with the connection. */
export class KafkaConnection {
  private readonly options: ConnectionOptions
  private readonly clientId: Buffer
  private socket: Promise<Socket> | undefined
  private readonly pending = new Map<number, Pending>()
  private nextCorrelationId = 1
  private chunks: Buffer[] = []
  private buffered = 0

  constructor(options: ConnectionOptions) {
    this.options = options
    this.clientId = Buffer.from(options.clientId)
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`
  }

  /** Sends `body` as request `apiKey`/`apiVersion` (header v1) and resolves with the response body (after the correlation id). */
  async request(apiKey: number, apiVersion: number, body: Buffer): Promise<Buffer> {
    this.socket ??= this.open()
    const socket = await this.socket
    const correlationId = this.nextCorrelationId++
    const header = Buffer.allocUnsafe(4 + 10 + this.clientId.length)
    header.writeInt32BE(10 + this.clientId.length + body.length, 0)
    header.writeInt16BE(apiKey, 4)
    header.writeInt16BE(apiVersion, 6)
    header.writeInt32BE(correlationId, 8)
    header.writeInt16BE(this.clientId.length, 12)
    this.clientId.copy(header, 14)
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new KafkaConnectionError(`request ${apiKey} to ${this.address} timed out after ${this.options.requestTimeoutMs} ms`, 'ETIMEDOUT'))
      }, this.options.requestTimeoutMs)
      this.pending.set(correlationId, { resolve, reject, timer })
      socket.write(header)
      socket.write(body)
    })
  }

  close(): void {
    this.fail(new KafkaConnectionError(`connection to ${this.address} closed`, 'ECONNRESET'))
  }

  private open(): Promise<Socket> {
    // Events of a socket this connection already gave up on must not touch its successor.
    const opening: Promise<Socket> = new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port, noDelay: true })
      const current = () => this.socket === opening
      const timer = setTimeout(() => socket.destroy(new KafkaConnectionError(`connecting to ${this.address} timed out`, 'ETIMEDOUT')), this.options.connectTimeoutMs)
      socket.once('connect', () => {
        clearTimeout(timer)
        resolve(socket)
      })
      socket.on('data', (chunk: Buffer) => current() && this.receive(chunk))
      socket.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        const failure = new KafkaConnectionError(`connection to ${this.address} failed: ${error.message}`, error.code ?? 'ECONNRESET', { cause: error })
        reject(failure)
        if (current()) this.fail(failure)
      })
      socket.on('close', () => current() && this.fail(new KafkaConnectionError(`connection to ${this.address} closed by the broker`, 'ECONNRESET')))
    })
    return opening
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    while (this.buffered >= 4) {
      const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
      this.chunks = [head]
      const size = head.readInt32BE(0)
      if (head.length < 4 + size) return
      const correlationId = head.readInt32BE(4)
      const body = head.subarray(8, 4 + size)
      const rest = head.subarray(4 + size)
      this.chunks = rest.length > 0 ? [rest] : []
      this.buffered = rest.length
      const waiting = this.pending.get(correlationId)
      if (!waiting) continue
      this.pending.delete(correlationId)
      clearTimeout(waiting.timer)
      waiting.resolve(body)
    }
  }

  private fail(error: Error): void {
    const socket = this.socket
    this.socket = undefined
    this.chunks = []
    this.buffered = 0
    void socket?.then((s) => s.destroy(), () => undefined)
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer)
      waiting.reject(error)
      this.pending.delete(id)
    }
  }
}
