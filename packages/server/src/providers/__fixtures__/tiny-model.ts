/**
 * The tiny random-weight GGUF model that @sitechat/local-model's tests generate, written to a file for the
 * server's tests. Its generator is test support of that package (src/test/, never built nor published), so
 * it is loaded from source by path at run time (vitest compiles it) rather than through a package export.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface TinyModelOptions {
  seed?: number;
  chatTemplate?: boolean;
  /** Tokens the model was "trained" on; the provider's context is lowered to it. Default 256. */
  contextLength?: number;
}

const GENERATOR = fileURLToPath(new URL('../../../../local-model/src/test/tiny-model.ts', import.meta.url));

/** Writes the model into `folder` and returns its path. The model never emits its end token: answers run to their token limit. */
export async function writeTinyModel(folder: string, options: TinyModelOptions = {}): Promise<string> {
  const { buildTinyModel } = (await import(/* @vite-ignore */ GENERATOR)) as { buildTinyModel: (options?: TinyModelOptions) => Uint8Array };
  const path = join(folder, `tiny-${options.contextLength ?? 256}.gguf`);
  await writeFile(path, buildTinyModel(options));
  return path;
}
