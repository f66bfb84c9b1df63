import type { Dialect } from '../dialect';

// Stub: to be filled in. Returns no jobs, so the file is not claimed.
export const accelerateDialect: Dialect = {
  id: 'accelerate',
  formats: ['yaml'],
  detect: () => [],
};
