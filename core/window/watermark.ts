/**
 * @module The watermark: how far event time has surely progressed, so windows ending before it can close.
 *
 * While events flow, watermark = highest event time seen - allowedLatenessMs. When no event has
 * arrived for idleTimeoutMs of processing time, event time is assumed to keep pace with the clock
 * from the moment the highest event time was seen: watermark = maxEventTime + (now - maxSeenAt) -
 * allowedLatenessMs. That keeps the skew between the event clock and the processing clock that was
 * observed (replays of old data stay old), lets a straggler that left its producer on time still
 * arrive within the lateness, and closes windows when traffic stops. The watermark never goes back.
 */

export interface Watermark {
  /** -Infinity before any event. */
  value: number
  maxEventTime: number
  /** Processing time at which `maxEventTime` was seen. */
  maxSeenAt: number
  /** Processing time of the last batch holding events. */
  lastInputAt: number
}

export interface WatermarkPolicy {
  allowedLatenessMs: number
  idleTimeoutMs: number | null
}

export function createWatermark(): Watermark {
  return { value: -Infinity, maxEventTime: -Infinity, maxSeenAt: -Infinity, lastInputAt: -Infinity }
}

/** Takes one event time into account. */
export function observeEventTime(w: Watermark, time: number, now: number, allowedLatenessMs: number): void {
  if (time <= w.maxEventTime) return
  w.maxEventTime = time
  w.maxSeenAt = now
  if (time - allowedLatenessMs > w.value) w.value = time - allowedLatenessMs
}

/** Moves the watermark with the clock when input has been idle long enough. */
export function advanceIdle(w: Watermark, now: number, policy: WatermarkPolicy): void {
  if (policy.idleTimeoutMs === null || w.maxEventTime === -Infinity || now - w.lastInputAt < policy.idleTimeoutMs) return
  const estimate = w.maxEventTime + (now - w.maxSeenAt) - policy.allowedLatenessMs
  if (estimate > w.value) w.value = estimate
}

/** Shifts the processing times by `offsetMs`: after a restore, the time the pipeline was down is not idle time. */
export function rebaseWatermark(w: Watermark, offsetMs: number): void {
  w.maxSeenAt += offsetMs
  w.lastInputAt += offsetMs
}
