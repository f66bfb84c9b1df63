import type { Rule } from '../server/src/engine/rule';

/** Every rule. Adding one = its module and doc beside this file, and one line here. */
export const RULES: readonly Rule[] = [];
