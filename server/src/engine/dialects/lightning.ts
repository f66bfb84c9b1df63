import type { Dialect } from '../dialect';

// Stub: to be filled in. Returns no jobs, so the file is not claimed.
export const lightningDialect: Dialect = {
  id: 'lightning',
  formats: ['yaml'],
  detect: () => [],
};
