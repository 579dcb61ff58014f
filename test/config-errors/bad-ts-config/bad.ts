import { defineConfig } from '../../../core/config/pipeline-schema.ts'

export default defineConfig({
  name: 'bad-ts',
  nodes: {
    numbers: { use: 'memory-source', with: { count: 'ten', batchSize: 100 } },
    store: { use: 'memory-sink', from: 'numbers', with: { colection: 'x' } },
  },
})
