import type { Dialect } from '../dialect';

// Stub: to be filled in. Returns no jobs, so the file is not claimed.
export const skypilotDialect: Dialect = {
  id: 'skypilot',
  formats: ['yaml'],
  detect: () => [],
};
