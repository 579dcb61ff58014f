import { describe, expect, it } from 'vitest'
import { checkKafkaVersion, kafkaVersionOf } from '../../services/kafka/kafka-libs.ts'
import { consoleToolClasses } from './kafka-console.ts'

describe('the Kafka jars of a version', () => {
  it('reads the version a libs folder holds from its kafka-clients jar', () => {
    expect(kafkaVersionOf(['argparse4j-0.7.0.jar', 'kafka-clients-4.4.0.jar', 'kafka_2.13-4.4.0.jar'])).toBe('4.4.0')
    expect(kafkaVersionOf(['kafka-clients-3.9.1-test.jar', 'zstd-jni-1.5.6-4.jar'])).toBeUndefined()
  })

  it('takes release numbers only, since the version goes to Maven', () => {
    expect(checkKafkaVersion('4.4.0')).toBe('4.4.0')
    expect(() => checkKafkaVersion('latest')).toThrow(/"latest" is not a release number \(give e.g. 3.9.1 or 4.4.0\)/)
  })

  it('names the console tools where each version keeps them', () => {
    expect(consoleToolClasses('3.9.1')).toEqual({ producer: 'kafka.tools.ConsoleProducer', consumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer' })
    expect(consoleToolClasses('4.4.0')).toEqual({ producer: 'org.apache.kafka.tools.ConsoleProducer', consumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer' })
  })
})
