/**
 * Stands in for `@sitechat/store` in a Workers bundle (wrangler.toml: `[alias] "@sitechat/store" =
 * "@sitechat/server/no-store"`). The store's SQLite and PostgreSQL drivers need Node; the app imports the
 * package only lazily and only when a store is in use, so without a store nothing here ever runs.
 */
const unavailable = (): never => {
  throw new Error('@sitechat/store is not available in this runtime (Workers): run without a store, or on Node for SQLite/PostgreSQL.');
};

export const openStore = unavailable;
export const redact = unavailable;
export const sftLines = unavailable;
export const preferenceLines = unavailable;
export const exportSft = unavailable;
export const exportPreference = unavailable;
