import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { parseHttpAddress, resolveHttpAddress } from './http-address.ts'
import { startOperatorServer } from './operator-server.ts'

const fetchOk = () => new Response('ok\n')

function capture() {
  const lines: string[] = []
  return { lines, log: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warning: ${m}`), error: (m: string) => lines.push(`error: ${m}`) } }
}

let blocker: Server | undefined
afterEach(() => blocker?.close())

/** Holds a loopback port, as another process would. */
async function takenPort(): Promise<number> {
  blocker = createServer()
  await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve))
  return (blocker.address() as { port: number }).port
}

describe('operator server address', () => {
  it('reads host:port, [v6]:port, :port, a bare port and off', () => {
    expect(parseHttpAddress('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 })
    expect(parseHttpAddress('[::1]:9470')).toEqual({ host: '::1', port: 9470 })
    expect(parseHttpAddress(':9471')).toEqual({ host: '127.0.0.1', port: 9471 })
    expect(parseHttpAddress('9472')).toEqual({ host: '127.0.0.1', port: 9472 })
    expect(parseHttpAddress('off')).toBe('off')
    expect(() => parseHttpAddress('localhost')).toThrow('--http: `localhost` is not an address: use host:port')
    expect(() => parseHttpAddress('127.0.0.1:70000')).toThrow(/not an address/)
  })

  it('takes the flag over the setting over the default, and lets only the default move', () => {
    expect(resolveHttpAddress(undefined, undefined)).toEqual({ host: '127.0.0.1', port: 9464, fallback: true })
    expect(resolveHttpAddress(undefined, '127.0.0.1:9500')).toEqual({ host: '127.0.0.1', port: 9500, fallback: false })
    expect(resolveHttpAddress('off', '127.0.0.1:9500')).toBe('off')
  })
})

describe('starting the operator server', () => {
  it('says the default port is taken and serves on a free one, printed', async () => {
    const port = await takenPort()
    const { lines, log } = capture()
    const server = await startOperatorServer(fetchOk, { host: '127.0.0.1', port, fallback: true }, log)
    try {
      expect(server.url).not.toBe(`http://127.0.0.1:${port}`)
      expect(lines[0]).toMatch(new RegExp(`^warning: operator HTTP: port ${port}, the default, is taken on 127.0.0.1 .*using free port \\d+ instead`))
      expect(lines[1]).toBe(`operator HTTP on ${server.url}: /metrics, /ping, /ready`)
      expect(await (await fetch(`${server.url}/ping`)).text()).toBe('ok\n')
    } finally {
      await server.close()
    }
  })

  it('fails on a taken address someone chose, saying how to choose another', async () => {
    const port = await takenPort()
    await expect(startOperatorServer(fetchOk, { host: '127.0.0.1', port, fallback: false }, capture().log)).rejects.toThrow(
      new RegExp(`^operator HTTP: cannot listen on 127.0.0.1:${port} \\(.*\\): choose another address with \`--http host:port\``),
    )
  })

  it('warns when it listens beyond loopback without a token', async () => {
    const { lines, log } = capture()
    const server = await startOperatorServer(fetchOk, { host: '0.0.0.0', port: 0, fallback: false }, log)
    await server.close()
    expect(lines).toContain('warning: operator HTTP listens on 0.0.0.0 without a token: anyone who can reach it reads the metrics (set `settings.http.token`)')
  })
})
