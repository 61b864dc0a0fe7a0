import { describe } from 'vitest';
import { storeContract } from '../contract/index.ts';
import { sqliteHarness } from '../contract/harness.ts';

describe('SqliteStore', () => {
  storeContract(sqliteHarness);
});
