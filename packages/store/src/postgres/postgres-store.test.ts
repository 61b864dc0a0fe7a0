import { describe } from 'vitest';
import { storeContract } from '../contract/index.ts';
import { databaseUrl, postgresHarness } from '../contract/harness.ts';

// PostgreSQL runs where a user would use it: when DATABASE_URL is set (CI sets it and starts the server).
describe.skipIf(databaseUrl === undefined)('PostgresStore', () => {
  storeContract(postgresHarness);
});
