/**
 * Builds the tiny test models once per test run, into a temporary folder removed afterwards. Building
 * them takes milliseconds, so no model file is committed or downloaded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTinyModel } from './tiny-model.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tiny llama model with a ChatML-style Jinja chat template in its metadata. */
    tinyModelPath: string;
    /** The same kind of model without a chat template, for the fallback path. */
    tinyModelWithoutTemplatePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'sitechat-local-model-'));
  const withTemplate = join(folder, 'tiny-chat.gguf');
  const withoutTemplate = join(folder, 'tiny-no-template.gguf');
  await writeFile(withTemplate, buildTinyModel());
  await writeFile(withoutTemplate, buildTinyModel({ chatTemplate: false, seed: 2 }));
  project.provide('tinyModelPath', withTemplate);
  project.provide('tinyModelWithoutTemplatePath', withoutTemplate);
  return () => rm(folder, { recursive: true, force: true });
}
