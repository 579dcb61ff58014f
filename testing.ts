/** @module `tally/testing`: what a plugin's tests need — the conformance suites, a test context with a manual clock, an in-memory source and sink. No service is needed. */
export { testSinkConformance, testSourceConformance, testTransformConformance, type ConformanceOptions } from './core/testing/conformance.ts'
export { createTestContext, type TestContext } from './core/testing/test-context.ts'
export { memoryCollection, memoryCollections, default as memorySink } from './core/testing/memory-sink.ts'
export { default as memorySource } from './core/testing/memory-source.ts'
export { createManualClock } from './core/clock.ts'
