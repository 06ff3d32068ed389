import type { SlackBlock } from '../../core/index.js';

/** How sales is told: email and, when a webhook is configured, Slack. */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Sends one email; answers the provider's message id. */
  send(mail: Mail): Promise<string>;
}

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export interface Slack {
  post(message: SlackMessage): Promise<void>;
}
