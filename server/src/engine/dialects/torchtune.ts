import type { Dialect } from '../dialect';

// Stub: to be filled in. Returns no jobs, so the file is not claimed.
export const torchtuneDialect: Dialect = {
  id: 'torchtune',
  formats: ['yaml'],
  detect: () => [],
};
