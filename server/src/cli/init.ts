// `mlcost init`: writes a commented `.mlcost.yaml` a team can commit: every section documented and
// left commented out, so the file changes nothing until someone chooses a value.
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../../rules';
import { PROJECT_CONFIG_FILE } from '../engine/projectConfig';

export function initTemplate(): string {
  const rules = RULES.map((r) => `#   ${r.id}: ${r.defaultSeverity}`.padEnd(40) + `# ${r.title}`).join('\n');
  return `# mlcost project settings: shared by the team, read by the editor and by \`mlcost check\` in CI.
# Every section is optional; uncomment what you need. Editor settings win over this file.

# Level per rule: off | hint | info | warning | error (shown: the defaults).
# rules:
${rules}

# Files that cannot hold \`# mlcost: ignore[...]\` comments (plain JSON): globs relative to this folder.
# ignore:
#   - paths: ["configs/ds_*.json"]
#     rules: [fp32-training]

# Prices: which catalog rows to use, and your negotiated rates (CSV or JSON overrides).
# pricing:
#   provider: aws            # aws | gcp | azure | lambda
#   region: us-east-1
#   defaultHardware: A100:8  # for files that name no hardware (else: the cheapest that fits)
#   overrides: prices.csv    # instance_type,provider,region,on_demand,spot

# Budget gate: \`mlcost check\` and \`mlcost diff\` exit 1 when the workspace's estimated monthly
# spend passes this (USD). A job's monthly cost is its run cost × \`# mlcost: runs-per-month=N\`.
# budget:
#   monthly: 5000
#   runsPerMonthDefault: 1
`;
}

export function writeInit(cwd: string, force: boolean): { path: string; written: boolean } {
  const target = path.join(cwd, PROJECT_CONFIG_FILE);
  if (fs.existsSync(target) && !force) return { path: target, written: false };
  fs.writeFileSync(target, initTemplate());
  return { path: target, written: true };
}
