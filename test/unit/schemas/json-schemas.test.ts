import { readFile, readdir } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../../schemas/json-schemas.js';

const root = new URL('../../../', import.meta.url);
// Editors check structure; formats such as email are the zod schema's job.
const editorValidator = (schema: object) => new Ajv({ strict: false, validateFormats: false }).compile(schema);
const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(new URL(path, root), 'utf8'));

describe('the checked-in JSON Schemas', () => {
  it.each(Object.entries(jsonSchemas()))('schemas/%s.schema.json is what the zod source generates', async (name, generated) => {
    const checkedIn = await readJson(`schemas/${name}.schema.json`);

    expect(checkedIn, 'run `npm run schemas` after changing the zod schemas').toEqual(generated);
  });

  it.each([
    ['forms', 'form'],
    ['playbooks', 'playbook'],
    ['teams', 'team'],
  ])('every example under %s/ is valid for an editor using the %s schema', async (folder, name) => {
    const validate = editorValidator((await readJson(`schemas/${name}.schema.json`)) as object);
    const files = (await readdir(new URL(`${folder}/`, root))).filter((f) => f.endsWith('.json'));

    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const valid = validate(await readJson(`${folder}/${file}`));
      expect(validate.errors ?? [], `${folder}/${file}`).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it.each([
    ['a rep without pools', { reps: [{ id: 'ana', name: 'Ana', email: 'ana@example.com' }] }],
    ['a misspelt weekday', { workingHours: { monday: '09:00-17:00' } }],
  ])('an editor flags a team with %s', async (_, mistake) => {
    const validate = editorValidator((await readJson('schemas/team.schema.json')) as object);
    const team = { ...((await readJson('teams/sales.json')) as object), ...mistake };

    const valid = validate(team);

    expect(valid).toBe(false);
  });

  it('an editor flags a question of an unknown type', async () => {
    const validate = editorValidator((await readJson('schemas/form.schema.json')) as object);

    const valid = validate({ id: 'f', title: 'F', questions: [{ id: 'x', type: 'colour', label: 'X' }] });

    expect(valid).toBe(false);
  });
});
