import { defineConfig } from 'vitest/config'

// Runs just the scaffolded plugin's tests, without the suite's services.
export default defineConfig({ test: { include: ['**/*.test.ts'], pool: 'forks' } })
