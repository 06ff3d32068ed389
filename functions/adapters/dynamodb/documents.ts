import { ConflictError } from '../../app/ports/errors.js';
import { publishedDocument, type DocumentKind, type DocumentStore, type PublishedDocument } from '../../app/ports/store.js';
import type { TableItems } from './items.js';
import { keys } from './keys.js';

/** Each version under its own key, and a catalog item per document holding a copy of the latest. */
export class DynamoDbDocumentStore implements DocumentStore {
  constructor(private readonly items: TableItems) {}

  latestDocument(kind: DocumentKind, id: string): Promise<PublishedDocument | undefined> {
    return this.items.get(publishedDocument(), keys.catalog(kind, id));
  }

  documentVersion(kind: DocumentKind, id: string, version: number): Promise<PublishedDocument | undefined> {
    return this.items.get(publishedDocument(), keys.document(kind, id, version));
  }

  latestDocuments(kind: DocumentKind): Promise<PublishedDocument[]> {
    return this.items.query(publishedDocument(), {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CATALOG', ':prefix': `${kind.toUpperCase()}#` },
    });
  }

  async publishDocument(document: PublishedDocument): Promise<void> {
    const stored = await this.items.putOnce({ ...keys.document(document.kind, document.id, document.version), ...document });
    if (!stored) throw new ConflictError(`${document.kind} ${document.id} version ${document.version} exists already`);
    // Replay-safe: the catalog only ever moves forward to a newer version.
    await this.items.put({
      Item: { ...keys.catalog(document.kind, document.id), ...document },
      ConditionExpression: 'attribute_not_exists(PK) OR version < :version',
      ExpressionAttributeValues: { ':version': document.version },
    });
  }
}
