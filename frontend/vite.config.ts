import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The built frontend is embedded in the Go binary and served both by the
// Wails window and by `auditroom serve`, so every asset path is relative.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
