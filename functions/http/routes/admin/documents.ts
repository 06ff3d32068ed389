/** Where each kind of document is published and read. */
export const PATHS = { form: '/v1/admin/forms/{id}', playbook: '/v1/admin/playbooks/{id}', team: '/v1/admin/teams/{id}' } as const;
