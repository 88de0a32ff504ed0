// electron-vite builds the three Electron bundles into out/: main (ESM), preload (CJS, as
// sandboxed preloads must be) and the renderer (also served by the headless host).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron-vite reads Electron's version from node_modules/electron; where its binary
// download failed npm removed the package, so name the major we build for.
process.env.ELECTRON_MAJOR_VER ||= '40';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/index.ts'),
          // The trajectory store's write worker (worker_thread script next to index.js).
          'store-writer': resolve(__dirname, 'src/main/services/store/worker/write-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
});
