import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  text: string;
  blocks: unknown[];
}

export interface SlackAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A Slack incoming webhook on loopback. It answers 200 "ok" unless told to fail the next
 * requests; `delivered` holds what it accepted, `attempts` every request it was sent.
 */
export interface FakeSlack {
  url: string;
  delivered: SlackPost[];
  attempts: SlackPost[];
  /** The next requests get these answers, in order; then 200 again. */
  failNext: (...answers: SlackAnswer[]) => void;
  /** The next request is taken and never answered, as a post in flight when its sender died; resolves once it arrives. */
  holdNext: () => Promise<void>;
  reset: () => void;
  close: () => Promise<void>;
}

const bodyOf = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const startFakeSlack = async (): Promise<FakeSlack> => {
  const delivered: SlackPost[] = [];
  const attempts: SlackPost[] = [];
  const planned: SlackAnswer[] = [];
  let held: (() => void) | undefined;
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const post = JSON.parse(body) as SlackPost;
      attempts.push(post);
      if (held) {
        held();
        held = undefined;
        return;
      }
      const answer = planned.shift() ?? { status: 200, body: 'ok' };
      if (answer.status === 200) delivered.push(post);
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      response.end(answer.body ?? (answer.status === 200 ? 'ok' : 'failure'));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    delivered,
    attempts,
    failNext: (...answers) => planned.push(...answers),
    holdNext: () =>
      new Promise<void>((resolve) => {
        held = resolve;
      }),
    reset: () => {
      delivered.length = 0;
      attempts.length = 0;
      planned.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};
