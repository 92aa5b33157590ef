import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Relative asset URLs: the page is mounted at /api/workspace/ (both hosts) and /workspace/ (DevHost); its <base> says which.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
