/**
 * Every piece of text the widget itself shows or announces. English is built in; the other catalogues
 * (`locales/*.ts`) load on demand. `{name}` marks a value filled in with `format()`.
 */
export interface WidgetStrings {
  /** The header title and the panel's accessible name when the `title` attribute is not set. */
  title: string;
  placeholder: string;
  inputLabel: string;
  messagesLabel: string;
  close: string;
  send: string;
  stop: string;
  retry: string;
  /** Read by screen readers before each message, so the log says who spoke. */
  userLabel: string;
  assistantLabel: string;
  /** The list of pages an answer cites. */
  sources: string;
  typing: string;
  newConversation: string;
  copy: string;
  copied: string;
  regenerate: string;
  edit: string;
  editing: string;
  cancel: string;
  previousAnswer: string;
  nextAnswer: string;
  /** "2 / 3" */
  answerPosition: string;
  /** "Answer 2 of 3", for screen readers */
  answerPositionLabel: string;
  goodAnswer: string;
  badAnswer: string;
  feedbackComment: string;
  sendFeedback: string;
  feedbackThanks: string;
  feedbackFailed: string;
  compareQuestion: string;
  comparePrevious: string;
  compareThis: string;
  compareTie: string;
  dismiss: string;
  disclaimer: string;
  suggestions: string;
  /** The launcher's label with unread answers: "{title}, {count} new" */
  unread: string;
  image: string;
  networkError: string;
  interrupted: string;
  invalidResponse: string;
  httpError: string;
}

export const en: WidgetStrings = {
  title: 'Chat',
  placeholder: 'Ask a question…',
  inputLabel: 'Message',
  messagesLabel: 'Conversation',
  close: 'Close chat',
  send: 'Send',
  stop: 'Stop answering',
  retry: 'Retry',
  userLabel: 'You:',
  assistantLabel: 'Assistant:',
  sources: 'Sources',
  typing: 'The assistant is writing…',
  newConversation: 'New conversation',
  copy: 'Copy',
  copied: 'Copied',
  regenerate: 'Regenerate answer',
  edit: 'Edit question',
  editing: 'Editing your question',
  cancel: 'Cancel',
  previousAnswer: 'Previous answer',
  nextAnswer: 'Next answer',
  answerPosition: '{index} / {count}',
  answerPositionLabel: 'Answer {index} of {count}',
  goodAnswer: 'Good answer',
  badAnswer: 'Bad answer',
  feedbackComment: 'Tell us more (optional)',
  sendFeedback: 'Send feedback',
  feedbackThanks: 'Thanks for your feedback!',
  feedbackFailed: 'Your feedback could not be sent.',
  compareQuestion: 'Which answer was better?',
  comparePrevious: 'The previous one',
  compareThis: 'This one',
  compareTie: 'About the same',
  dismiss: 'Dismiss',
  disclaimer: 'Answers are written by AI and can be wrong.',
  suggestions: 'Suggested questions',
  unread: '{title}, {count} new',
  image: 'Image',
  networkError: 'The chat could not reach the server. Check your connection and try again.',
  interrupted: 'The answer was interrupted. Please try again.',
  invalidResponse: 'The chat server sent an answer the chat could not read.',
  httpError: 'The chat server could not answer. Please try again later.',
};

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
