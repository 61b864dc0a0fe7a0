import type { ConversationFilter } from '@sitechat/store';
import { parseDateBound } from './export-options.js';

/** The list's filters as the form sends them (`?rating=down&from=2025-03-01&hasComment=1`). */
export interface FilterValues {
  rating: '' | 'up' | 'down';
  from: string;
  to: string;
  flagged: '' | 'yes' | 'no';
  hasComment: boolean;
  cursor: string;
}

export interface ParsedFilters {
  values: FilterValues;
  filter: ConversationFilter;
  /** What could not be understood, in words (the filter leaves it out). */
  problems: string[];
}

/** Reads the filters from a query; anything unknown is ignored, a bad date is reported. */
export function parseFilters(query: Record<string, string | undefined>, limit = 50): ParsedFilters {
  const rating = query.rating === 'up' || query.rating === 'down' ? query.rating : '';
  const flagged = query.flagged === 'yes' || query.flagged === 'no' ? query.flagged : '';
  const values: FilterValues = {
    rating,
    from: (query.from ?? '').trim(),
    to: (query.to ?? '').trim(),
    flagged,
    hasComment: query.hasComment === '1' || query.hasComment === 'true' || query.hasComment === 'on',
    cursor: query.cursor ?? '',
  };
  const problems: string[] = [];
  const filter: ConversationFilter = { limit };
  if (rating !== '') filter.rating = rating;
  if (flagged !== '') filter.flagged = flagged === 'yes';
  if (values.hasComment) filter.hasComment = true;
  if (values.cursor !== '') filter.cursor = values.cursor;
  for (const bound of ['from', 'to'] as const) {
    if (values[bound] === '') continue;
    const date = parseDateBound(values[bound], bound);
    if (date === undefined) problems.push(`"${values[bound]}" is not a date (use 2025-03-01).`);
    else filter[bound] = date;
  }
  return { values, filter, problems };
}

/** The query string for these filters (without the cursor unless given), for links that keep them. */
export function filterQuery(values: FilterValues, cursor?: string): string {
  const query = new URLSearchParams();
  if (values.rating !== '') query.set('rating', values.rating);
  if (values.from !== '') query.set('from', values.from);
  if (values.to !== '') query.set('to', values.to);
  if (values.flagged !== '') query.set('flagged', values.flagged);
  if (values.hasComment) query.set('hasComment', '1');
  if (cursor !== undefined) query.set('cursor', cursor);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
