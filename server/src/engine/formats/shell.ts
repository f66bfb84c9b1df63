// Shell scripts (`train.sh`, `launch.sh`) are read for the commands they run: the launch parser
// (dialects/launch/parse.ts, shared with SkyPilot `run:` blocks and Kubernetes `bash -c`) splits
// them into words; there is no syntax tree to build, so this format only carries the text.
import type { LineIndex } from './lineIndex';

export interface ShellSource {
  format: 'shell';
  text: string;
  lines: LineIndex;
  errors: string[];
}

export function parseShellScript(text: string, lines: LineIndex): ShellSource {
  return { format: 'shell', text, lines, errors: [] };
}
