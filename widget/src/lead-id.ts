
const KEY = 'winnow.leadId';

/** Read once, then kept here: storage blocked by the browser (it throws) leaves the lead to this page. */
let remembered: string | undefined;

export const storedLeadId = (): string | undefined => {
  try {
    remembered ??= localStorage.getItem(KEY) ?? undefined;
  } catch {
    // Blocked storage: a visitor without memory across pages, still able to answer.
  }
  return remembered;
};

/** The server names the lead after every answer: a merge can change it, and the survivor is kept. */
export const keepLeadId = (leadId: string): void => {
  remembered = leadId;
  try {
    localStorage.setItem(KEY, leadId);
  } catch {
    // Blocked storage: remembered for this page only.
  }
};

/** "Not you?": the id goes at once, before any request, so a reload or another tab starts afresh too. */
export const forgetLeadId = (): void => {
  remembered = undefined;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Blocked storage: there was nothing to remove.
  }
};
