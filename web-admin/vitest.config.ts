import { defineConfig } from 'vitest/config';

// Unit tests of the plain modules (time, month, recurrence rules). They run in Node, in a time zone far from
// Copenhagen (see package.json), so a result that leans on the machine's own zone fails.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
