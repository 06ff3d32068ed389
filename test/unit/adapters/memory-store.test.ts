import { describe } from 'vitest';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { storeContract } from './store-contract.js';

describe('the in-memory store keeps the Store contract', () => {
  storeContract(async () => createMemoryStore());
});
