import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEM_PROMPT, DEFAULTS } from './defaults.js';
import { ConfigError, isModelConfigured, parseConfig } from './schema.js';

function problemsOf(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills in every default', () => {
    expect(parseConfig({})).toEqual({
      model: { name: 'gpt-4o-mini', maxOutputTokens: 1024, timeoutMs: 60_000, maxRetries: 2, maxRetryDelayMs: 5000, allowed: [], fallbacks: [] },
      systemPrompt: DEFAULT_SYSTEM_PROMPT,
      limits: {
        maxMessages: 50,
        maxMessageChars: 8000,
        maxConversationChars: 48_000,
        maxBodyBytes: 512 * 1024,
        requestsPerMinutePerIp: 30,
        requestsPerMinutePerVisitor: 20,
        concurrentStreamsPerVisitor: 2,
        concurrentStreamsPerIp: 10,
        tokensPerConversation: 200_000,
        tokensPerVisitorPerDay: 500_000,
        tokensPerSitePerDay: 10_000_000,
      },
      allowedOrigins: [],
      requireOrigin: false,
      development: false,
      trustedProxies: [],
      auth: { visitorTokens: {} },
      moderation: {
        input: 'off',
        output: 'off',
        model: 'omni-moderation-latest',
        timeoutMs: 10_000,
        failOpen: false,
        refusalMessage: DEFAULTS.moderation.refusalMessage,
      },
      server: { port: 8787, host: '127.0.0.1' },
      ops: { logFormat: 'json', requestLog: true, logMessageText: false, metrics: true, doctor: true },
      store: { path: '.sitechat/sitechat.db', synchronous: 'normal' },
      privacy: { retentionDays: 365, redact: { email: false, phone: false, card: true } },
      admin: {},
    });
  });

  it('keeps what the owner set and accepts its own output', () => {
    const config = parseConfig({ model: { baseURL: 'http://localhost:11434/v1', name: 'llama3.2', temperature: 0.2 } });
    expect(config.model).toMatchObject({ baseURL: 'http://localhost:11434/v1', name: 'llama3.2', temperature: 0.2 });
    expect(parseConfig(config)).toEqual(config);
  });

  it('names each wrong setting, why, and what it got', () => {
    expect(problemsOf({ model: { temperature: 5 } })).toEqual(['model.temperature: must be between 0 and 2 (got 5)']);
    expect(problemsOf({ server: { port: 70000 }, limits: { maxMessages: 0 } })).toEqual([
      'limits.maxMessages: must be a whole number of at least 1 (got 0)',
      'server.port: must be a whole number between 0 and 65535 (got 70000)',
    ]);
    expect(problemsOf({ model: { baseURL: 'localhost:11434' } })).toEqual([
      'model.baseURL: must be an http:// or https:// URL (got "localhost:11434")',
    ]);
    expect(problemsOf({ model: 'gpt-4o' })).toEqual(['model: must be an object (got "gpt-4o")']);
  });

  it('reports misspelt settings instead of ignoring them', () => {
    expect(problemsOf({ model: { temprature: 1 }, sytemPrompt: 'x' })).toEqual([
      'model.temprature: is not a known setting',
      'sytemPrompt: is not a known setting',
    ]);
  });

  it('never echoes an API key', () => {
    const problems = problemsOf({ model: { apiKey: ['sk-SECRET'] } });
    expect(problems).toEqual(['model.apiKey: must be a text string']);
  });

  it('knows whether a model is configured: a key, a base URL, or both', () => {
    expect(isModelConfigured(parseConfig({}).model)).toBe(false);
    expect(isModelConfigured(parseConfig({ model: { apiKey: 'sk-x' } }).model)).toBe(true);
    expect(isModelConfigured(parseConfig({ model: { baseURL: 'http://127.0.0.1:8080/v1' } }).model)).toBe(true);
  });
});
