// The values a cost-tag fix suggests, as snippet placeholders the user tabs through: one place for
// every format (Terraform, CDK, Pulumi, SkyPilot labels).

/** Snippet placeholder text: `$`, `}` and `\` escaped. */
export function snippetEscape(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** `${1:ml-platform}` for `team`, `${2:my-project}` for `project`, `${n:value}` else (1-based `n`). */
export function tagPlaceholder(key: string, n: number): string {
  const example = key === 'team' ? 'ml-platform' : key === 'project' ? 'my-project' : 'value';
  return `\${${n}:${snippetEscape(example)}}`;
}
