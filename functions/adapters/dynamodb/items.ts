import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  paginateQuery,
  paginateScan,
  type AttributeValue,
  type BatchGetItemCommandOutput,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type PutItemCommandInput,
  type QueryCommandInput,
  type ScanCommandInput,
  type UpdateItemCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { InvalidCursorError } from '../../app/ports/errors.js';
import { once } from '../../core/once.js';
import * as z from '../../core/zod.js';
import { MalformedItemError } from './errors.js';

export type ItemKey = { PK: string; SK: string };
type Item = Record<string, unknown>;
type Stored = Record<string, AttributeValue>;

/** A command's input as the store's callers write it: plain values where DynamoDB's take attribute values, and no table. */
type Plain<I> = Omit<I, 'TableName' | 'Item' | 'Key' | 'ExpressionAttributeValues' | 'ExclusiveStartKey'> & { ExpressionAttributeValues?: Item };
export type PutInput = Plain<PutItemCommandInput> & { Item: Item };
export type UpdateInput = Plain<UpdateItemCommandInput> & { Key: ItemKey };
export type QueryInput = Plain<QueryCommandInput>;
export type ScanInput = Plain<ScanCommandInput>;

// As the document client wrote them: an undefined attribute is left out, not refused (the store spreads optional fields).
const stored = (values: Item): Stored => marshall(values, { removeUndefinedValues: true });
// Numbers come back as JS numbers, as the document client's default answered them: every number the store writes is one.
const plain = (item: Stored): Item => unmarshall(item);

const withValues = <I extends { ExpressionAttributeValues?: Item }>({ ExpressionAttributeValues, ...input }: I) => ({
  ...input,
  ...(ExpressionAttributeValues ? { ExpressionAttributeValues: stored(ExpressionAttributeValues) } : {}),
});

/** The key of every item: what erase deletes by, and what a malformed item is reported by. Built by the first delete or redaction that reads keys. */
export const itemKey = /* @__PURE__ */ once(() => z.object({ PK: z.string(), SK: z.string() }));

const keyOf = (item: Item): string => [item.PK, item.SK].filter((part) => part !== undefined).map(String).join(' ');

/**
 * The attributes each kind of item keeps as JSON text: values written whole and never read by an
 * expression, where a string costs the SDK and the store a small part of what a nested map does,
 * on every write and every read. Items written as maps before still read.
 */
export const JSON_TEXT = {
  profile: ['answers', 'answeredAt', 'skipped', 'score', 'lifecycle'],
  submission: ['answers', 'response'],
  teamState: ['rotation', 'open', 'absences', 'moves'],
} as const satisfies Record<string, readonly string[]>;

/** `record` with its `fields` (those it has) as JSON text, as the table keeps them. */
export const asJsonText = <R extends object>(record: R, fields: readonly string[]): Record<string, unknown> => {
  const written: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const field of fields) if (written[field] !== undefined) written[field] = JSON.stringify(written[field]);
  return written;
};

const NOT_JSON = Symbol('not JSON text');

/** A stored value as it was given: JSON text parsed; a map an item written before holds (never a string: each was an object) as it is. */
const fromStored = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return NOT_JSON;
  }
};

/** An item with what it keeps as JSON text read back into values: as a person's export of their data shows it. */
export const withJsonRead = (item: Item): Item => {
  const sk = String(item.SK ?? '');
  const fields = sk === 'PROFILE' ? JSON_TEXT.profile : sk.startsWith('SUBMISSION#') ? JSON_TEXT.submission : [];
  const read = { ...item };
  for (const field of fields) {
    const value = fromStored(read[field]);
    // Text this store did not write is shown as it is stored.
    if (value !== NOT_JSON) read[field] = value;
  }
  return read;
};

/** `schema`, read from the JSON text the table keeps or, on an item written before, from the value itself. */
export const fromJsonText = <S extends z.ZodType>(schema: S) =>
  z.pipe(
    z.transform((value: unknown, context) => {
      const read = fromStored(value);
      if (read !== NOT_JSON) return read;
      context.issues.push({ code: 'custom', message: 'not JSON text', input: value });
      return z.NEVER;
    }),
    schema,
  );

/**
 * An item as the store's port types it. The table is a boundary like any request: an item
 * written by an older version or by hand is reported with its key, never cast into a wrong value.
 * Key and index attributes are not in the schemas, so they are left out of what a read answers.
 */
export const parseItem = <S extends z.ZodType>(schema: S, item: Item): z.output<S> => {
  const parsed = z.safeParse(schema, item);
  if (parsed.success) return parsed.data;
  throw new MalformedItemError(`the item at ${keyOf(item)} is not what the store writes there:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
};

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');

/** Runs a conditional write; its condition failing is an answer (false), not an error. */
const conditionally = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/**
 * The one table, item by item: every read consistent where DynamoDB allows it and parsed,
 * every write a single item (dynalite has no transactions) that answers whether its condition held.
 * Callers write and read plain values; the attribute values DynamoDB speaks stay in this class.
 */
export class TableItems {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** The item at a key, as stored (with its key): for a caller that decides from it which schema it has. */
  async read(key: ItemKey): Promise<Item | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: stored(key), ConsistentRead: true }));
    return Item && { ...key, ...plain(Item) };
  }

  async get<S extends z.ZodType>(schema: S, key: ItemKey): Promise<z.output<S> | undefined> {
    const item = await this.read(key);
    return item && parseItem(schema, item);
  }

  /** Every item the query finds, page after page, as stored (keys and all). */
  async queryItems(input: QueryInput): Promise<Item[]> {
    const found: Item[] = [];
    for await (const page of paginateQuery({ client: this.client }, { ...withValues(input), TableName: this.tableName })) {
      for (const item of page.Items ?? []) found.push(plain(item));
    }
    return found;
  }

  async query<S extends z.ZodType>(schema: S, input: QueryInput): Promise<z.output<S>[]> {
    return (await this.queryItems(input)).map((item) => parseItem(schema, item));
  }

  /** One Query round trip from `ExclusiveStartKey`: for a list that judges each page itself. */
  async queryRound(input: QueryInput & { ExclusiveStartKey?: Item | undefined }): Promise<{ Items: Item[]; LastEvaluatedKey?: Item }> {
    const { ExclusiveStartKey: start, ...query } = input;
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({ ...withValues(query), TableName: this.tableName, ...(start ? { ExclusiveStartKey: stored(start) } : {}) }),
    );
    return { Items: Items.map(plain), ...(LastEvaluatedKey ? { LastEvaluatedKey: plain(LastEvaluatedKey) } : {}) };
  }

  /** Every item of the table the scan keeps: for the few jobs that read it all (funnel, migration, restart). */
  async *scan<S extends z.ZodType>(schema: S, input: ScanInput, startAfter?: ItemKey): AsyncIterable<z.output<S>> {
    // The paginator sets ExclusiveStartKey itself on every page: the first comes from its starting token.
    const pages = paginateScan({ client: this.client, ...(startAfter ? { startingToken: stored(startAfter) } : {}) }, { ...withValues(input), TableName: this.tableName });
    for await (const page of pages) {
      for (const item of page.Items ?? []) yield parseItem(schema, plain(item));
    }
  }

  put({ Item, ...input }: PutInput): Promise<boolean> {
    return conditionally(() => this.client.send(new PutItemCommand({ ...withValues(input), TableName: this.tableName, Item: stored(Item) })));
  }

  /** Writes an item unless one is at its key; false when one was. */
  putOnce(item: Item): Promise<boolean> {
    return this.put({ Item: item, ConditionExpression: 'attribute_not_exists(PK)' });
  }

  update({ Key, ...input }: UpdateInput): Promise<boolean> {
    return conditionally(() => this.client.send(new UpdateItemCommand({ ...withValues(input), TableName: this.tableName, Key: stored(Key) })));
  }

  /** `update` that answers the item as its write left it (no read after), or undefined when the condition did not hold. */
  async updateReturning<S extends z.ZodType>(schema: S, { Key, ...input }: Omit<UpdateInput, 'ReturnValues'>): Promise<z.output<S> | undefined> {
    let written: Stored | undefined;
    const held = await conditionally(async () => {
      written = (await this.client.send(new UpdateItemCommand({ ...withValues(input), TableName: this.tableName, Key: stored(Key), ReturnValues: 'ALL_NEW' }))).Attributes;
    });
    return held && written ? parseItem(schema, plain(written)) : undefined;
  }

  /** The items at these keys, consistently read, 100 keys a round trip; those DynamoDB hands back unprocessed are asked again. */
  async readMany(itemKeys: readonly ItemKey[]): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < itemKeys.length; i += 100) {
      let pending: Stored[] | undefined = itemKeys.slice(i, i + 100).map(stored);
      for (let attempt = 0; pending?.length; attempt += 1) {
        if (attempt >= 10) throw new Error(`could not read ${pending.length} items: DynamoDB kept them unprocessed`);
        const output: BatchGetItemCommandOutput = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }));
        for (const item of output.Responses?.[this.tableName] ?? []) found.push(plain(item));
        pending = output.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  async delete(key: ItemKey): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: stored(key) }));
  }

  /** Deletes many items; throws when some are still there after retries. */
  async deleteAll(itemKeys: readonly ItemKey[], what: string): Promise<void> {
    // BatchWriteItem takes 25 at a time and may hand some back unprocessed: retry those.
    for (let i = 0; i < itemKeys.length; i += 25) {
      let requests: WriteRequest[] | undefined = itemKeys.slice(i, i + 25).map((key) => ({ DeleteRequest: { Key: stored(key) } }));
      for (let attempt = 0; requests?.length && attempt < 10; attempt += 1) {
        const { UnprocessedItems }: BatchWriteItemCommandOutput = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = UnprocessedItems?.[this.tableName];
      }
      if (requests?.length) throw new Error(`could not erase ${requests.length} items of ${what}`);
    }
  }

  /**
   * One page of a Query, `limit` items at most, and a cursor only while more remain. A Query
   * page ends at 1 MB whatever its Limit, so it reads on until it has one more than asked or
   * the range ends; the cursor is the last item's key, as `cursorKey` names its attributes.
   */
  async queryPage<S extends z.ZodType>(
    schema: S,
    cursorKey: z.ZodObject,
    query: Omit<QueryInput, 'Limit'>,
    limit: number,
    after: Item | undefined,
  ): Promise<{ items: z.output<S>[]; cursor?: string }> {
    const found: Item[] = [];
    let start = after;
    do {
      const { Items, LastEvaluatedKey } = await this.queryRound({ ...query, Limit: limit + 1 - found.length, ExclusiveStartKey: start });
      found.push(...Items);
      start = LastEvaluatedKey;
    } while (start && found.length <= limit);
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((item) => parseItem(schema, item)),
      ...(found.length > limit && last ? { cursor: encodeCursor(parseItem(z.object(cursorKey.shape), last)) } : {}),
    };
  }
}

/** `SET` every field given (undefined ones left out), `REMOVE` the names listed, every name a placeholder. */
export const updateOf = (fields: Item, removed: readonly string[]) => {
  const set = Object.entries(fields).filter(([, value]) => value !== undefined);
  return {
    UpdateExpression: `SET ${set.map((_, i) => `#s${i} = :s${i}`).join(', ')}${removed.length ? ` REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
    ExpressionAttributeNames: Object.fromEntries([...set.map(([name], i) => [`#s${i}`, name]), ...removed.map((name, i) => [`#r${i}`, name])]),
    ExpressionAttributeValues: Object.fromEntries(set.map(([, value], i) => [`:s${i}`, value])),
  };
};

/** A list's cursor: the last item's key in the index it was read from, opaque to clients. */
export const encodeCursor = (key: Item): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A cursor handed back, parsed against the keys its list hands out; anything else is InvalidCursorError. */
export const decodeCursor = <S extends z.ZodType<Item>>(schema: S, cursor: string | undefined): z.output<S> | undefined => {
  if (!cursor) return undefined;
  try {
    return z.parse(schema, JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch (error) {
    throw new InvalidCursorError('is not a cursor this list handed out', { cause: error });
  }
};
