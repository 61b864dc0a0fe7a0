/**
 * Every piece of text the widget itself shows or announces. English for now; translations replace this
 * object as a whole, so nothing visible is written inline in a template.
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
  typing: string;
}

export const defaultStrings: WidgetStrings = {
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
  typing: 'The assistant is writing…',
};
