import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { ConfigError } from './schema.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-config-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFile(join(directory, name), text);

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  const error = await loadConfig(options).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('works with no file and no environment: defaults, no model', async () => {
    const { config, file } = await loadConfig({ cwd: directory, env: {} });
    expect(file).toBeUndefined();
    expect(config.model.apiKey).toBeUndefined();
    expect(config.model.baseURL).toBeUndefined();
    expect(config.server.port).toBe(8787);
  });

  it('reads sitechat.config.json', async () => {
    await write('sitechat.config.json', JSON.stringify({ model: { name: 'gpt-4.1-mini', temperature: 0.3 }, systemPrompt: 'Be brief.' }));
    const { config, file } = await loadConfig({ cwd: directory, env: {} });
    expect(file).toBe(join(directory, 'sitechat.config.json'));
    expect(config.model).toMatchObject({ name: 'gpt-4.1-mini', temperature: 0.3 });
    expect(config.systemPrompt).toBe('Be brief.');
  });

  it('reads sitechat.config.ts (a default export, types stripped) before the JSON file', async () => {
    await write('sitechat.config.json', JSON.stringify({ systemPrompt: 'from json' }));
    await write(
      'sitechat.config.ts',
      [
        'interface Settings { systemPrompt: string; limits: { maxMessages: number } }',
        "const settings: Settings = { systemPrompt: 'from ts', limits: { maxMessages: 9 } };",
        'export default settings;',
      ].join('\n'),
    );
    const { config, file } = await loadConfig({ cwd: directory, env: {} });
    expect(file).toBe(join(directory, 'sitechat.config.ts'));
    expect(config.systemPrompt).toBe('from ts');
    expect(config.limits.maxMessages).toBe(9);
  });

  it('lets environment variables override the file', async () => {
    await write(
      'sitechat.config.json',
      JSON.stringify({ model: { apiKey: 'sk-file', baseURL: 'https://file.example/v1', name: 'file-model' }, server: { port: 1000 } }),
    );
    const env = {
      OPENAI_API_KEY: 'sk-env',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      SITECHAT_MODEL: 'llama3.2',
      PORT: '9090',
      HOST: '0.0.0.0',
      UNRELATED: 'x',
    };
    const { config } = await loadConfig({ cwd: directory, env });
    expect(config.model).toMatchObject({ apiKey: 'sk-env', baseURL: 'http://localhost:11434/v1', name: 'llama3.2' });
    expect(config.server).toEqual({ port: 9090, host: '0.0.0.0' });
  });

  it('ignores empty environment variables', async () => {
    const { config } = await loadConfig({ cwd: directory, env: { OPENAI_API_KEY: '', PORT: ' ' } });
    expect(config.model.apiKey).toBeUndefined();
    expect(config.server.port).toBe(8787);
  });

  it('names the environment variable when its value is wrong', async () => {
    const error = await loadError({ cwd: directory, env: { PORT: 'eighty', OPENAI_BASE_URL: 'localhost:11434' } });
    expect(error.message).toContain('PORT: must be a whole number between 0 and 65535 (got "eighty")');
    expect(error.message).toContain('OPENAI_BASE_URL: must be an http:// or https:// URL (got "localhost:11434")');
  });

  it('names the file and the setting when the file is wrong', async () => {
    await write('sitechat.config.json', JSON.stringify({ model: { temperature: 5 } }));
    const error = await loadError({ cwd: directory, env: {} });
    expect(error.message).toContain(join(directory, 'sitechat.config.json'));
    expect(error.message).toContain('model.temperature: must be between 0 and 2 (got 5)');
  });

  it('explains broken JSON, a missing default export and a missing --config file', async () => {
    await write('sitechat.config.json', '{ "model": ');
    expect((await loadError({ cwd: directory, env: {} })).message).toMatch(/sitechat\.config\.json: is not valid JSON/);
    await write('other.config.mjs', 'export const config = {};');
    expect((await loadError({ cwd: directory, env: {}, configFile: 'other.config.mjs' })).message).toMatch(
      /other\.config\.mjs: must have a default export/,
    );
    expect((await loadError({ cwd: directory, env: {}, configFile: 'missing.json' })).message).toMatch(/--config: file not found/);
  });

  it('uses an explicit --config file', async () => {
    await write('custom.json', JSON.stringify({ systemPrompt: 'custom' }));
    const { config } = await loadConfig({ cwd: directory, env: {}, configFile: 'custom.json' });
    expect(config.systemPrompt).toBe('custom');
  });
});
