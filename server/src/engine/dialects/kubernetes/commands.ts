import type { YamlNode } from '../../formats/yaml';
import { parseArgv, parseCommands, type Invocation } from '../launch';
import { shellTextOf } from '../launch/yamlShell';

// What a container runs: `command:` + `args:` form one argv; `bash -c "<script>"` hands a shell
// script to the shell parser, read from its own source text so flag ranges stay exact.

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash']);

/** Invocations of one container (or TrainJob trainer block). */
export function containerInvocations(container: YamlNode): Invocation[] {
  const argv = [...listItems(container.get('command')), ...listItems(container.get('args'))];
  if (!argv.length) return [];
  const env = containerEnv(container);
  const program = basename(argv[0].str() ?? '');
  if (SHELLS.has(program)) {
    const flag = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a.str() ?? ''));
    const script = flag > 0 ? argv[flag + 1] : undefined;
    return script ? shellInvocations(script, env) : [];
  }
  return parseArgv(argv.map((a) => ({ text: expandK8sVars(a.str() ?? '', env), range: a.valueRange() })));
}

/** Literal `env:` values of a container (`valueFrom` ones, and empty ones, are only known at run time). */
function containerEnv(container: YamlNode): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of container.get('env')?.items() ?? []) {
    const name = e.get('name')?.str();
    const value = e.get('value')?.str();
    if (name && value !== undefined && value.trim() !== '') env.set(name, value);
  }
  return env;
}

/** Kubernetes expands `$(VAR)` in command and args from the container's env before running it. */
function expandK8sVars(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env.get(name) ?? m);
}

/**
 * Commands of a shell script held in a YAML string (`bash -c`, RayJob `entrypoint`), read from
 * the scalar's own text so each flag keeps its exact range (parseArgv would give every word of a
 * `bash -c` string the whole string's range).
 */
export function shellInvocations(node: YamlNode, env: ReadonlyMap<string, string> = new Map()): Invocation[] {
  const sh = shellTextOf(node);
  if (!sh) return [];
  // `$(VAR)` is expanded by Kubernetes and `$VAR` by the shell, both from the container's env.
  // Rewriting a known `$(VAR)` as `${VAR}` (same length) lets the shell parser substitute it
  // while every word keeps its offset in the file.
  const text = sh.text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => (env.has(name) ? `\${${name}}` : m));
  return parseCommands(text, sh.offset, node.src.lines, { newlineIsSpace: sh.newlineIsSpace, env });
}

/** A `command:`/`args:` value: a list of strings, or (loosely written) a single string. */
function listItems(node: YamlNode | undefined): YamlNode[] {
  if (!node) return [];
  if (node.isSeq) return node.items().filter((i) => i.isScalar);
  return node.isScalar ? [node] : [];
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Is the container idle or interactive (sleep, a notebook), i.e. a dev box rather than a run? */
export function looksInteractive(container: YamlNode): boolean {
  const argv = [...listItems(container.get('command')), ...listItems(container.get('args'))].map((a) => a.str() ?? '');
  const joined = argv.join(' ');
  return /(^|[\s;&|])(sleep\s+(infinity|inf|\d{4,})|tail\s+-f\s+\/dev\/null)\b/.test(joined) || /\b(jupyter(-lab)?\s+(lab|notebook)|code-server)\b/.test(joined);
}
