import { testTransformConformance } from '../../core/testing/conformance.ts'
import { createRecordFactory } from '../source-randomuser/record-factory.ts'
import { DEFAULT_PARTIES } from '../source-randomuser/roles.ts'
import plugin from './index.ts'

const make = createRecordFactory({ role: 'candidate', seed: 1, nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })

testTransformConformance(plugin, { ratePerSec: 0 }, { role: 'candidates', events: [make(0), make(1), make(2)] })
testTransformConformance(plugin, { choice: 'demographic', turnout: 0.5, durationMs: 60000, lateFraction: 0.1 }, { role: 'voters', events: [] })
