import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type { speedReport } from '../../functions/app/speed-report.js';
import { SpeedOut } from '../../functions/http/wire.js';
import { runSla } from '../../functions/workers/sla.js';
import { aPlaybookInput } from '../helpers/factories.js';
import { adminHeaders, objectOf } from '../helpers/http.js';
import { startQualificationStack, type QualificationStack } from '../helpers/qualification-stack.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const ALL_WEEK = { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' };
const NAMES: Record<string, string> = { ana: 'Ana Ruiz', ben: 'Ben Okafor' };

/** Two reps in one pool working around the clock, so the test's clock is always in hours and working minutes equal wall-clock ones. */
const aTeam = () => ({
  id: 'sales',
  timezone: 'Europe/Berlin',
  workingHours: ALL_WEEK,
  reps: Object.entries(NAMES).map(([id, name]) => ({ id, name, email: `${id}@reps.example.com`, pools: ['mid'] })),
  fallback: ['sales-lead@example.com'],
});

const anAssigningPlaybook = () => ({
  ...aPlaybookInput(),
  team: 'sales',
  assign: [{ pool: 'mid' }],
  sla: { acceptWithinHours: 1, businessHours: true, maxReassignments: 1, escalateTo: ['sales-lead@example.com'] },
});

describe('the speed report over leads assigned, touched, moved and decided for real (local stack)', () => {
  let stack: QualificationStack;

  const qualify = async (label: string): Promise<string> => {
    const leadId = await stack.aGradeALead(stack.ids.email(label));
    const { response } = await stack.scoreQueued();
    expect(response.batchItemFailures).toEqual([]);
    return leadId;
  };
  const repOf = async (leadId: string): Promise<string> => String(objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`)).rep);
  const decide = async (leadId: string, decision: string, rep: string) =>
    expect((await stack.http.admin.post(`/v1/admin/leads/${leadId}/feedback`, { decision, rep })).status).toBe(200);
  const report = (query: string) => stack.http.admin.get(`/v1/admin/reports/speed${query}`);

  beforeAll(async () => {
    stack = await startQualificationStack();
    expect((await stack.http.admin.put('/v1/admin/teams/sales', aTeam())).status).toBe(200);
    expect((await stack.http.admin.put('/v1/admin/playbooks/default', anAssigningPlaybook())).status).toBe(200);
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers per rep and per pool what came of each assignment, how fast it was touched, the misses and the moves', async () => {
    // Prepare: the first rep accepts a lead after 10 minutes; the other misses the next one, which
    // moves to the first, who converts it 5 minutes later; nobody can take a third while both are away.
    const start = stack.clock.now();
    const accepted = await qualify('accepted');
    const first = await repOf(accepted);
    stack.clock.advance(10 * MINUTE_MS);
    await decide(accepted, 'accept', first);
    const moved = await qualify('moved');
    const second = await repOf(moved);
    stack.clock.advance(61 * MINUTE_MS);
    await runSla(stack.notifyDeps);
    expect(await repOf(moved)).toBe(first);
    stack.clock.advance(5 * MINUTE_MS);
    await decide(moved, 'convert', first);
    const away = { from: stack.clock.now().toISOString(), to: new Date(stack.clock.now().getTime() + DAY_MS).toISOString() };
    for (const rep of [first, second]) expect((await stack.http.admin.put(`/v1/admin/teams/sales/reps/${rep}/away`, away)).status).toBe(204);
    await qualify('unassigned');
    for (const rep of [first, second]) await stack.http.send('DELETE', `/v1/admin/teams/sales/reps/${rep}/away`, { headers: adminHeaders() });

    // Act
    const response = await report(`?from=${start.toISOString()}&to=${stack.clock.now().toISOString()}`);

    // Assess
    expect(response.status).toBe(200);
    const speed = SpeedOut.parse(response.body);
    expect(speed.reps).toEqual([
      {
        team: 'sales',
        rep: first,
        name: NAMES[first],
        assigned: 2,
        accepted: 2,
        converted: 1,
        returned: 0,
        touched: 2,
        medianMinutesToFirstTouch: { working: 7.5, wallClock: 7.5 },
        slaMisses: 0,
        reassignments: 1,
        movedAway: 0,
      },
      {
        team: 'sales',
        rep: second,
        name: NAMES[second],
        assigned: 1,
        accepted: 0,
        converted: 0,
        returned: 0,
        touched: 0,
        medianMinutesToFirstTouch: { working: null, wallClock: null },
        slaMisses: 1,
        reassignments: 0,
        movedAway: 1,
      },
    ]);
    expect(speed.pools).toEqual([
      {
        team: 'sales',
        pool: 'mid',
        assigned: 3,
        unassigned: 1,
        accepted: 2,
        converted: 1,
        returned: 0,
        touched: 2,
        medianMinutesToFirstTouch: { working: 7.5, wallClock: 7.5 },
        slaMisses: 1,
        reassignments: 1,
      },
    ]);
  });

  it('reads a date as its whole UTC day, counting nothing in a period before any assignment', async () => {
    // Prepare
    const dayBefore = new Date(stack.clock.now().getTime() - DAY_MS).toISOString().slice(0, 10);
    const weekBefore = new Date(stack.clock.now().getTime() - 7 * DAY_MS).toISOString().slice(0, 10);

    // Act
    const response = await report(`?from=${weekBefore}&to=${dayBefore}`);

    // Assess
    expect(response.status).toBe(200);
    expect(objectOf(response)).toEqual({ from: `${weekBefore}T00:00:00.000Z`, to: `${dayBefore}T23:59:59.999Z`, reps: [], pools: [] });
  });

  it('refuses a period that ends before it starts, and a bound that is not a date', async () => {
    // Act
    const reversed = await report('?from=2025-03-02&to=2025-03-01');
    const garbled = await report('?from=yesterday');

    // Assess
    expect(reversed.status).toBe(400);
    expect(objectOf(reversed).error).toMatchObject({ issues: [{ path: 'from' }] });
    expect(garbled.status).toBe(400);
    expect(objectOf(garbled).error).toMatchObject({ issues: [expect.objectContaining({ path: 'from' })] });
  });

  it('is described by SpeedOut (checked by tsc)', () => {
    expectTypeOf<Awaited<ReturnType<typeof speedReport>>>().toExtend<z.output<typeof SpeedOut>>();
  });
});
