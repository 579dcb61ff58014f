import { describe, expect, it } from 'vitest'
import { defaultRestartPolicy, describeExit, planRestart } from './embedded-restart.ts'

const policy = { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 300, stableMs: 60_000 }

describe('planRestart', () => {
  it('restarts a server killed early in its life as attempt 2, after the initial delay', () => {
    expect(planRestart(policy, { attempt: 1, upMs: 5_000 })).toEqual({ attempt: 2, delayMs: 100 })
  })

  it('backs off, doubling up to the cap, while starts keep failing', () => {
    expect(planRestart(policy, { attempt: 2, upMs: 0 })).toEqual({ attempt: 3, delayMs: 200 })
    expect(planRestart(policy, { attempt: 3, upMs: 0 })).toEqual({ attempt: 4, delayMs: 300 })
  })

  it('gives up once the episode has used its attempts', () => {
    expect(planRestart(policy, { attempt: 4, upMs: 0 })).toBeUndefined()
  })

  it('counts a server that crashes soon after a restart in the same episode', () => {
    expect(planRestart(policy, { attempt: 3, upMs: 2_000 })).toEqual({ attempt: 4, delayMs: 300 })
  })

  it('starts a new episode when the server had run long enough to count as recovered', () => {
    expect(planRestart(policy, { attempt: 4, upMs: 60_000 })).toEqual({ attempt: 2, delayMs: 100 })
  })

  it('by default allows several seconds of restarts before giving up', () => {
    let plan = planRestart(defaultRestartPolicy, { attempt: 1, upMs: 0 })
    let waited = 0
    while (plan) {
      waited += plan.delayMs
      plan = planRestart(defaultRestartPolicy, { attempt: plan.attempt, upMs: 0 })
    }
    expect(waited).toBeGreaterThan(5_000)
    expect(waited).toBeLessThan(30_000)
  })
})

describe('describeExit', () => {
  it('names the signal, else the exit code', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('signal SIGKILL')
    expect(describeExit({ code: 1, signal: null })).toBe('exit code 1')
  })
})
