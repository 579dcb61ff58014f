import { describe, expect, inject, it } from 'vitest'
import { newClusterId } from '../../services/kafka/broker.ts'
import { findFreePort } from '../../services/kafka/free-port.ts'
import { apiVersionsRequest, probeKafka } from '../../services/kafka/kafka-probe.ts'
import { toServerProperties } from '../../services/kafka/server-properties.ts'

describe('the development Kafka broker', () => {
  it('is configured as one KRaft node on loopback with single-replica internal topics', () => {
    const text = toServerProperties({ port: 19092, controllerPort: 19093, logDir: '/tmp/k', partitions: 4 })
    const props = Object.fromEntries(text.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)))
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:19093',
      listeners: 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:19092',
      'num.partitions': '4',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
      'log.dirs': '/tmp/k',
    })
  })

  it('adds listeners besides PLAINTEXT, advertised and mapped to their protocols, and lets extra properties replace defaults', () => {
    const text = toServerProperties({
      port: 1,
      controllerPort: 2,
      logDir: '/tmp/k',
      partitions: 1,
      listeners: [{ name: 'SASL_SSL', port: 3, protocol: 'SASL_SSL' }],
      properties: { 'sasl.enabled.mechanisms': 'PLAIN', 'num.partitions': 5 },
    })
    const props = Object.fromEntries(text.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)))
    expect(props).toMatchObject({
      listeners: 'PLAINTEXT://127.0.0.1:1,CONTROLLER://127.0.0.1:2,SASL_SSL://127.0.0.1:3',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:1,SASL_SSL://127.0.0.1:3',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
      'inter.broker.listener.name': 'PLAINTEXT',
      'sasl.enabled.mechanisms': 'PLAIN',
      'num.partitions': '5',
    })
    expect(text.match(/^num\.partitions=/gm)).toHaveLength(1)
  })

  it('never makes a cluster id that starts with "-" (StorageTool would read it as an option)', () => {
    const draws = [Buffer.from([0xf8, ...new Array(15).fill(0)]), Buffer.from([0x04, ...new Array(15).fill(1)])]
    const id = newClusterId(() => draws.shift()!)
    expect(Buffer.from([0xf8]).toString('base64url')).toMatch(/^-/)
    expect(id).not.toMatch(/^-/)
    expect(Buffer.from(id, 'base64url')).toHaveLength(16)
  })

  it('escapes backslashes in paths, as Java properties files require', () => {
    expect(toServerProperties({ port: 1, controllerPort: 2, logDir: 'C:\\kafka\\data', partitions: 1 })).toContain('log.dirs=C:\\\\kafka\\\\data\n')
  })

  it('encodes an ApiVersions v0 request with its size prefix', () => {
    const request = apiVersionsRequest(7, 'ab')
    expect([...request]).toEqual([0, 0, 0, 12, 0, 18, 0, 0, 0, 0, 0, 7, 0, 2, 97, 98])
  })

  it('probes a serving broker as ready and a closed port as not', async () => {
    const [host, port] = inject('KAFKA_BROKERS').split(',')[0]!.split(':')
    expect(await probeKafka(host!, Number(port))).toBe(true)
    expect(await probeKafka('127.0.0.1', await findFreePort(), 500)).toBe(false)
  })
})
