import { defineConfig } from 'rolldown'

/**
 * The headless agent as one bundle (out/agent/main.js) plus its history worker beside it:
 * running bundled JS skips Node's TypeScript stripping (~17 MB resident) and loads faster.
 */
export default defineConfig({
  input: {
    main: 'src/main/agent/main.ts',
    'history-worker': 'src/main/core/store/history-worker.ts',
  },
  platform: 'node',
  // Loaded only on macOS and Windows, where it is the sampler.
  external: ['systeminformation'],
  output: {
    dir: 'out/agent',
    format: 'esm',
    entryFileNames: '[name].js',
    cleanDir: true,
    // V8 keeps each chunk's source for the life of the process, as two bytes a character once one
    // character is past Latin-1 (a `…` in a comment will do): ASCII escapes and no JSDoc keep it
    // one byte a character and ~20% shorter, ~2 MiB of the agent's memory. Licences stay.
    charset: 'ascii',
    comments: { legal: true, annotation: false, jsdoc: false },
  },
})
