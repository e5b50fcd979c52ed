import { fileURLToPath } from 'node:url'

import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
// In development the editor runs on Vite's server and talks to a runtime started separately.
const runtime = process.env.INSPECTFLOW_RUNTIME_URL ?? 'http://127.0.0.1:8787'

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 3000 },
  server: {
    proxy: {
      '/api': runtime,
      '/socket.io': { target: runtime, ws: true },
    },
  },
})
