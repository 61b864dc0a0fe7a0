/**
 * A small made-up bakery site for the knowledge tests: a help centre (`help`), two product pages whose
 * storage advice is the same (to see the visitor's page decide), and a staff page in a second source
 * (`internal`) that the owner keeps out of answers.
 */
import { createKnowledgeBase, type KnowledgeBase, SqliteKnowledgeIndex, staticSource, type StaticDocument } from '@sitechat/knowledge';

export const SITE = 'https://bakery.example';

export const PAGES = {
  delivery: `${SITE}/help/delivery`,
  returns: `${SITE}/help/returns`,
  hours: `${SITE}/help/opening-hours`,
  sourdough: `${SITE}/products/sourdough`,
  rye: `${SITE}/products/rye`,
  staff: `${SITE}/staff/discount`,
} as const;

const storage = `## Keeping it fresh
Keep the loaf in a paper bag at room temperature and it stays good for four days. Slice and freeze what you
will not eat within two days; toast the slices straight from the freezer.`;

export const HELP_DOCUMENTS: StaticDocument[] = [
  {
    url: PAGES.delivery,
    format: 'markdown',
    content: `# Delivery
## Where we deliver
We deliver by cargo bike within 10 km of the bakery on Mill Lane. Further away, we send bread by post, Monday to
Wednesday only, so that it never waits in a depot over the weekend.
## What delivery costs
Delivery costs $4 per order and is free on orders over $30. Sending bread by post costs $9.
## When it arrives
Orders placed before 10:00 arrive the same afternoon; later orders arrive the next morning.`,
  },
  {
    url: PAGES.returns,
    format: 'markdown',
    content: `# Returns and refunds
If a loaf arrives stale or squashed, send us a photo within 24 hours and we refund it in full to the card you
paid with. We cannot take back bread that was eaten or frozen.`,
  },
  {
    url: PAGES.hours,
    format: 'markdown',
    content: `# Opening hours
The shop on Mill Lane is open Tuesday to Sunday from 7:00 to 15:00 and closed on Mondays and public holidays.`,
  },
  {
    url: PAGES.sourdough,
    format: 'markdown',
    content: `# Sourdough loaf
Our sourdough is fermented for 36 hours with a starter we have kept since 2009. Ingredients: wheat flour, water,
salt. Allergens: wheat (gluten). 800 g, $7.
${storage}`,
  },
  {
    url: PAGES.rye,
    format: 'markdown',
    content: `# Rye loaf
A dense Nordic rye with sunflower seeds, baked on Thursdays. Ingredients: rye flour, water, sunflower seeds, salt.
Allergens: rye (gluten). 1 kg, $8.
${storage}`,
  },
];

export const INTERNAL_DOCUMENTS: StaticDocument[] = [
  {
    url: PAGES.staff,
    format: 'markdown',
    content: `# Staff discount
Staff get 40 % off all pastries with the staff card; the discount code STAFF40 works online too.`,
  },
];

/** An in-memory knowledge base holding the bakery's `help` source (and `internal` when asked). */
export async function bakeryKnowledge(options: { internal?: boolean } = {}): Promise<KnowledgeBase> {
  const base = createKnowledgeBase({ index: new SqliteKnowledgeIndex() });
  await base.ingest(staticSource({ name: 'help', documents: HELP_DOCUMENTS }));
  if (options.internal) await base.ingest(staticSource({ name: 'internal', documents: INTERNAL_DOCUMENTS }));
  return base;
}
