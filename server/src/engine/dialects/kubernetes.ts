import type { Dialect } from '../dialect';

// Stub: to be filled in. Returns no jobs, so the file is not claimed.
export const kubernetesDialect: Dialect = {
  id: 'kubernetes',
  formats: ['yaml'],
  detect: () => [],
};
