import type { z } from 'zod';

/** One problem with a setting or a request field, in words a person can act on. */
export interface FieldProblem {
  /** Where: `model.temperature`, `messages[2].role`; empty for the whole value. */
  path: string;
  message: string;
}

/** `['messages', 2, 'role']` -> `messages[2].role`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

export interface FormatOptions {
  /** Append ` (got <value>)` when the schema was run with `reportInput: true`. */
  showInput?: boolean;
  /** Paths whose values must never be echoed (keys). */
  isSecret?: (path: string) => boolean;
}

function describeInput(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Turn zod issues into field problems. Unknown keys become one problem each, so that a typo in a setting's
 * name is reported under that name.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], options: FormatOptions = {}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...issue.path, key]), message: 'is not a known setting' });
      }
      continue;
    }
    let message = issue.message;
    const secret = options.isSecret?.(path) ?? false;
    if (options.showInput && !secret && issue.input !== undefined && issue.code !== 'invalid_union') {
      message += ` (got ${describeInput(issue.input)})`;
    }
    problems.push({ path, message });
  }
  return problems;
}

/** `path: message`, or the bare message for the whole value. */
export function problemText(problem: FieldProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}
