/**
 * The behaviour every `ConversationStore` must have, as one suite run against each engine. Internal test
 * support: not built, not exported.
 */
import { branchContract } from './branches.contract.ts';
import { conversationContract } from './conversations.contract.ts';
import { exportContract } from './exports.contract.ts';
import { feedbackContract } from './feedback.contract.ts';
import type { HarnessFactory } from './harness.ts';
import { listingContract } from './listing.contract.ts';
import { messageContract } from './messages.contract.ts';

export function storeContract(open: HarnessFactory): void {
  conversationContract(open);
  messageContract(open);
  branchContract(open);
  feedbackContract(open);
  listingContract(open);
  exportContract(open);
}
