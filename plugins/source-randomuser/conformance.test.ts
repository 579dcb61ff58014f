import { testSourceConformance } from '../../core/testing/conformance.ts'
import plugin from './index.ts'

testSourceConformance(plugin, { count: 5000, batchSize: 100, seed: 1 })
testSourceConformance(plugin, { role: 'candidate' })
