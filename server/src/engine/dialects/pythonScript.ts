import type { Dialect } from '../dialect';

// Stub: to be filled in. Returns no jobs, so the file is not claimed.
export const pythonScriptDialect: Dialect = {
  id: 'python-script',
  formats: ['python'],
  detect: () => [],
};
