/** @module What every benchmark returns: named figures with units and the target they aim at. */
export interface BenchResult {
  name: string
  value: number
  unit: string
  target?: string
  notes?: string
}
