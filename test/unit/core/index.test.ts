import { describe, expect, it } from 'vitest';
import * as core from '../../../functions/core/index.js';
import { acceptStep } from '../../../functions/core/answers.js';
import { crossCheck } from '../../../functions/core/cross-check.js';
import { scoreFit } from '../../../functions/core/fit.js';
import { FormSchema } from '../../../functions/core/form.js';
import { scoreInterest } from '../../../functions/core/interest.js';
import { parseWith } from '../../../functions/core/issues.js';
import { emptyProfile } from '../../../functions/core/lead.js';
import { advance } from '../../../functions/core/lifecycle.js';
import { nextQuestions } from '../../../functions/core/next-questions.js';
import { qualifiedNotification } from '../../../functions/core/notification.js';
import { PlaybookSchema } from '../../../functions/core/playbook.js';
import { scoreLead } from '../../../functions/core/score.js';

describe('functions/core/index', () => {
  it('offers every core module through one entry point', () => {
    // Prepare
    const modules = {
      acceptStep,
      crossCheck,
      scoreFit,
      FormSchema,
      scoreInterest,
      parseWith,
      emptyProfile,
      advance,
      nextQuestions,
      qualifiedNotification,
      PlaybookSchema,
      scoreLead,
    };

    // Act
    const exported = Object.fromEntries(Object.keys(modules).map((name) => [name, (core as Record<string, unknown>)[name]]));

    // Assess
    expect(exported).toEqual(modules);
  });
});
