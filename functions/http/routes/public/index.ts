import type { Route } from '../../framework/route.js';
import { getFeedbackLink } from './get-feedback-link.js';
import { getNext } from './get-next.js';
import { healthz } from './healthz.js';
import { postEvent } from './post-event.js';
import { postFeedbackLink } from './post-feedback-link.js';
import { postSubmission } from './post-submission.js';

/** What browsers and salespeople reach on the hot path: the widget's calls and the links in notifications. */
export const publicRoutes: Route[] = [healthz, getNext, postSubmission, postEvent, getFeedbackLink, postFeedbackLink];
