import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/schema.js';
import { configFromEnv } from './env-config.js';

describe('configFromEnv', () => {
  it('reads SITECHAT_CONFIG first, then the variables on top, ignoring empty ones and other bindings', () => {
    const config = configFromEnv({
      SITECHAT_CONFIG: '{"model":{"name":"from-json","temperature":0.2},"limits":{"maxMessages":9}}',
      SITECHAT_MODEL: ' from-env ',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: '',
      SITECHAT_METRICS_TOKEN: 'metrics-token-0123456789',
      SOME_KV_BINDING: { get() {} },
    });
    expect(config).toEqual({
      model: { name: 'from-env', temperature: 0.2, apiKey: 'sk-test' },
      limits: { maxMessages: 9 },
      ops: { metricsToken: 'metrics-token-0123456789' },
    });
    expect(parseConfig(config).model.name).toBe('from-env');
  });

  it('says which variable is broken', () => {
    expect(() => configFromEnv({ SITECHAT_CONFIG: '{not json' })).toThrow(/SITECHAT_CONFIG/);
  });
});
