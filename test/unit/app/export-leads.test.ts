import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { exportLeads, safeCell } from '../../../functions/app/export-leads.js';
import { aLeadRecord, aQuestionInput, aSpecFormInput } from '../../helpers/factories.js';
import { aClock, publishIn, storeLead } from '../../helpers/http.js';

describe('safeCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
  ])('prefixes %j, which a spreadsheet could run, with a quote', (cell, safe) => {
    expect(safeCell(cell)).toBe(safe);
  });

  it.each(['', 'plain', 'a=b', ' =not first', "'already", 'Zoë 北京 Ελλάδα', '5-3'])('leaves %j as it is', (cell) => {
    expect(safeCell(cell)).toBe(cell);
  });

  it('never leaves a cell starting with a formula character, and only ever adds one quote', () => {
    fc.assert(
      fc.property(fc.string(), (cell) => {
        const safe = safeCell(cell);
        expect(/^[=+\-@\t\r]/.test(safe)).toBe(false);
        expect(safe === cell || safe === `'${cell}`).toBe(true);
      }),
    );
  });
});

describe('exportLeads', () => {
  const formWithNotes = () => ({ ...aSpecFormInput(), questions: [...aSpecFormInput().questions, aQuestionInput('textarea', { id: 'notes' }), aQuestionInput('multiselect')] });

  it('defuses stored answers the API would have trimmed (a leading tab or carriage return) and joins a multiselect', async () => {
    // Prepare: answers written straight to the store, as an older version or an import could have.
    const store = createMemoryStore();
    await publishIn(store, 'form', formWithNotes());
    await storeLead(store, aLeadRecord({ leadId: 'lead_a', answers: { email: '=x@example.com', notes: '\t=cmd', topics: ['routing', 'sla'] } }));
    await storeLead(store, aLeadRecord({ leadId: 'lead_b', answers: { notes: '\rhidden', budget: -100 } }));

    // Act
    const page = await exportLeads({ store, now: aClock().now }, {});

    // Assess
    const rows = parse(page.csv, { columns: true }) as Record<string, string>[];
    expect(rows.map(({ leadId, email, notes, topics, budget }) => ({ leadId, email, notes, topics, budget }))).toEqual([
      { leadId: 'lead_a', email: "'=x@example.com", notes: "'\t=cmd", topics: 'routing; sla', budget: '' },
      { leadId: 'lead_b', email: '', notes: "'\rhidden", topics: '', budget: "'-100" },
    ]);
    expect(page).toMatchObject({ leads: 2 });
    expect(page.cursor).toBeUndefined();
  });

  it('names a field that clashes with a lead column apart from it, and lists the email field once', async () => {
    // Prepare
    const store = createMemoryStore();
    const form = { ...aSpecFormInput(), questions: [...aSpecFormInput().questions, aQuestionInput('text', { id: 'stage' })] };
    await publishIn(store, 'form', form);

    // Act
    const page = await exportLeads({ store, now: aClock().now }, {});

    // Assess
    expect(page.csv).toBe(
      'leadId,email,stage,owner,rep,grade,fitPoints,band,interestScore,createdAt,qualifiedAt,utm_source,company_size,role,timeframe,budget,field:stage\r\n',
    );
  });
});
