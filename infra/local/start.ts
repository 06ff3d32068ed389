/**
 * `npm start`. The local host (HTTP API, DynamoDB, SQS and SES servers in one process)
 * arrives with the capture issue; until then this says so and checks the examples.
 */
console.log(`Winnow: the local HTTP API is not built yet.

What works today:
  npx winnow validate                check forms/ and playbooks/
  npx winnow simulate --playbook playbooks/default.json --answers '{"role":"decision_maker"}'
                                     score a lead with no server
  npm test                           every test
  npm run bench                      scoring and next-question throughput
`);
