/** What `winnow --help` and `winnow <command> --help` print. */
export const commandUsage = {
  validate: `Usage: winnow validate [files…]

Checks forms, playbooks and teams against their schemas and against each other: every
criterion scores a field some form asks, every points key is an option, every form's
playbook and every playbook's team exists, every pool a playbook assigns to has a rep.
Without files, checks every *.json in ./forms, ./playbooks and ./teams; named files are
still checked against the rest of the project.

Prints "file: path: message" per problem; exits 1 on any problem.`,
  simulate: `Usage: winnow simulate --playbook FILE --answers JSON [--events JSON] [--now ISO] [--json]

Scores one made-up lead with a playbook, with no server.

  --playbook FILE   the playbook to score with
  --answers JSON    field → answer, e.g. '{"company_size":"51-200","budget":60000}',
                    or @FILE to read them from a file
  --events JSON     behaviour, e.g. '[{"type":"pricing_view","at":"2024-05-02T10:00:00Z"}]'
                    (at defaults to --now), or @FILE
  --now ISO         the moment to score at (default: now); events decay up to it
  --json            print {fit, interest, owner} as JSON`,
  publish: `Usage: winnow publish --api URL

Validates ./forms, ./playbooks and ./teams, then publishes every team, then every
playbook, then every form through the admin API (a playbook needs its team published
first, a form its playbook). Stops at the first document the API refuses.

  --api URL         the Winnow API, e.g. http://localhost:3000

The admin token is read from WINNOW_ADMIN_TOKEN.`,
  export: `Usage: winnow export --api URL [--stage S] [--from D] [--to D] > leads.csv

Writes every lead as CSV to stdout: one header row, then one row per lead (its stage,
owner, rep, grade, fit points, band, interest score, dates, utm_source and every field's
answer). Follows the API's pages; progress goes to stderr.

  --api URL         the Winnow API, e.g. http://localhost:3000
  --stage S         only leads in this stage (lead, MQL, SAL, SQL, nurture)
  --from D          only leads created at or after D (ISO date or date-time)
  --to D            only leads created at or before D (a date covers its whole UTC day)

The admin token is read from WINNOW_ADMIN_TOKEN.`,
  backtest: `Usage: winnow backtest --playbook FILE (--api URL [--from D] [--to D] | --outcomes FILE)
                      [--json] [--compare] [--sweep PATH=FROM:TO:STEP]

Re-scores every recorded cycle that reached MQL as of the moment it qualified, with a
candidate playbook, and prints beside the playbook that was in force: MQLs by what sales
made of them (converted, accepted, returned, open), precision (accepted or converted
among the decided MQLs), recall (converted cycles still made MQLs) and the cycles whose
owner changes. Only cycles of the candidate's playbook id count. Nothing is written.

  --playbook FILE   the candidate playbook
  --api URL         read the cycles from the Winnow API, e.g. http://localhost:3000
                    (the admin token is read from WINNOW_ADMIN_TOKEN)
  --from D, --to D  with --api: cycles qualified in this period (ISO dates or
                    date-times, both included; by default the last 30 days)
  --outcomes FILE   read them from a file saved from GET /v1/admin/reports/outcomes,
                    one cycle a line (JSON lines), so a backtest runs offline
  --compare         also list each cycle whose MQL verdict changes
  --sweep PATH=FROM:TO:STEP
                    set PATH of the playbook to each value from FROM to TO (both
                    included) and print one row per value, e.g. fit.grades.A=6:12:1
  --json            print the figures as JSON`,
} as const;

export const usage = `Usage: winnow <command> [options]

Commands:
  validate [files…]    check forms, playbooks and teams (schemas and cross-checks)
  simulate --playbook FILE --answers JSON [--events JSON] [--now ISO] [--json]
                       score a made-up lead: fit, interest, grade, band, owner
  publish --api URL    validate, then publish teams, playbooks and forms to a Winnow API
  export --api URL [--stage S] [--from D] [--to D]
                       write every lead as CSV to stdout, following the API's pages
  backtest --playbook FILE (--api URL [--from D] [--to D] | --outcomes FILE) [--compare] [--json]
           [--sweep PATH=FROM:TO:STEP]
                       re-score recorded MQLs with a candidate playbook, beside the one in force
  help [command]       show this text, or a command's

Run "winnow <command> --help" for a command's options.`;
