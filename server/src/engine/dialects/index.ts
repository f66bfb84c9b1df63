import type { Dialect } from '../dialect';

/**
 * Every dialect, most specific first: the first one that finds jobs in a file owns that file.
 * Adding a dialect = one module here.
 */
export const DIALECTS: readonly Dialect[] = [];
