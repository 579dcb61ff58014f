/** @module Edge file (node:*): reads the page's static files from the installed packages and this folder, wherever the project lives. */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Asset } from './app.ts'

/** Served name → how to find it: a package subpath, or a file next to this module. */
const FILES: Record<string, { from: string; type: string }> = {
  'htmx.min.js': { from: 'htmx.org/dist/htmx.min.js', type: 'text/javascript; charset=utf-8' },
  'sse.js': { from: 'htmx-ext-sse/dist/sse.js', type: 'text/javascript; charset=utf-8' },
  'uPlot.iife.min.js': { from: 'uplot/dist/uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { from: 'uplot/dist/uPlot.min.css', type: 'text/css; charset=utf-8' },
  'dashboard.css': { from: './public/dashboard.css', type: 'text/css; charset=utf-8' },
  'dashboard.js': { from: './public/dashboard.js', type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { from: './public/favicon.svg', type: 'image/svg+xml' },
}

/** Every asset, read once at start. Fails naming the missing file and the package to install. */
export async function loadAssets(): Promise<Map<string, Asset>> {
  const require = createRequire(import.meta.url)
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([name, { from, type }]) => {
      const path = from.startsWith('./') ? new URL(from, import.meta.url) : resolvePackageFile(require, from)
      try {
        return [name, { body: await readFile(path), type }] as const
      } catch (error) {
        throw new Error(`dashboard: cannot read asset \`${name}\` from ${String(path)}`, { cause: error })
      }
    }),
  )
  return new Map(entries)
}

function resolvePackageFile(require: NodeJS.Require, specifier: string): string {
  try {
    return require.resolve(specifier)
  } catch (error) {
    const pkg = specifier.split('/')[0]
    throw new Error(`dashboard: cannot find \`${specifier}\`; is the \`${pkg}\` package installed? (npm install)`, { cause: error })
  }
}
