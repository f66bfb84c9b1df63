export const USAGE = `mlcost — lint ML training configs and scripts for cost smells

Usage:
  mlcost check [paths...] [options]   lint files and folders (default: .)
  mlcost diff [paths...] [options]    cost and findings of the working tree (or --head) against
                                      a base revision, read from git objects
  mlcost init [--force]               write a commented .mlcost.yaml in the current folder
  mlcost rules [--format text|json]   list rules with their default severity
  mlcost --help | --version

Options for check:
  -f, --format text|json|sarif   output format (default: text)
  --fail-on error|warning|info|hint|none
                                 exit 1 when a finding is at or above this level (default: warning)
  --rule id=level                set a rule's level: off|hint|info|warning|error (repeatable);
                                 wins over .mlcost.yaml
  -q, --quiet                    report only the findings that fail the run
  --verbose                      also print the engine's log (parse errors...) on stderr
  --fix                          apply the safe fixes to the files first (atomic writes), then
                                 report what remains; hardware changes and placeholders are never applied
  --fix-dry-run                  say which safe fixes --fix would apply, change nothing
  --max-monthly USD              exit 1 when the estimated monthly spend of all jobs passes USD
                                 (default: budget.monthly in .mlcost.yaml)

Options for diff:
  --base REV                     the revision to compare with (default: HEAD)
  --head REV                     compare this revision instead of the working tree
  -f, --format text|json|markdown
                                 markdown is a pull-request comment
  --max-monthly USD              exit 1 when the head's monthly estimate passes USD
  --max-increase USD             exit 1 when the change adds more than USD per month

Folders are walked for .yaml .yml .json .jsonc .py files, skipping hidden files and folders,
node_modules, .venv/venv/env, __pycache__, site-packages, dist, out, build, and what the
.gitignore at the top of each named folder (and of the current folder) lists. Files named
explicitly are always checked.

Exit codes: 0 no failing finding, 1 failing findings or over budget, 2 usage error,
unreadable path, or a git error (not a repository, unknown revision).
`;
