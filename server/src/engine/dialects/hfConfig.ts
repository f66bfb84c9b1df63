import type { Dialect } from '../dialect';

// Stub: to be filled in. Returns no jobs, so the file is not claimed.
export const hfConfigDialect: Dialect = {
  id: 'hf-config',
  formats: ['yaml', 'json'],
  detect: () => [],
};
