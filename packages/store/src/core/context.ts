import type { SqlDriver } from './driver.ts';

/** What every store operation works with. Internal. */
export interface StoreContext {
  readonly driver: SqlDriver;
  readonly now: () => Date;
  readonly newId: () => string;
}
