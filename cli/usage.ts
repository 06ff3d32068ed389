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
} as const;

export const usage = `Usage: winnow <command> [options]

Commands:
  validate [files…]    check forms, playbooks and teams (schemas and cross-checks)
  simulate --playbook FILE --answers JSON [--events JSON] [--now ISO] [--json]
                       score a made-up lead: fit, interest, grade, band, owner
  publish --api URL    validate, then publish teams, playbooks and forms to a Winnow API
  export --api URL [--stage S] [--from D] [--to D]
                       write every lead as CSV to stdout, following the API's pages
  help [command]       show this text, or a command's

Run "winnow <command> --help" for a command's options.`;
