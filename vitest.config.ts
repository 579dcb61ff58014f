import { defineConfig } from 'vitest/config'
import { latestKafkaVersion } from './services/kafka/kafka-libs.ts'

const shared = { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000, hookTimeout: 180_000, pool: 'forks' } as const

export default defineConfig({
  test: {
    // The JSON report is what .ci/run reads for its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      { test: { name: 'tally', include: ['bin/**/*.test.ts', 'core/**/*.test.ts', 'plugins/**/*.test.ts', 'test/**/*.test.ts', 'configs/**/*.test.ts', 'examples/**/*.test.ts'], ...shared } },
      // The Kafka plugins once more against the newest Kafka (a second broker, started only when
      // these files are selected; `vitest run --project tally` leaves them out).
      {
        test: {
          name: `kafka-${latestKafkaVersion.split('.')[0]}`,
          include: ['plugins/sink-kafka/*.test.ts', 'plugins/source-kafka/*.test.ts'],
          env: { KAFKA_VERSION: latestKafkaVersion },
          ...shared,
        },
      },
    ],
  },
})
