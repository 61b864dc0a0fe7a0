/**
 * Loading a GGUF model with node-llama-cpp: the native binding, the model, one context with a sequence per
 * concurrent answer, and the chat wrapper that turns a conversation into the model's prompt format.
 * node-llama-cpp is imported dynamically here and nowhere else, so that a server that never uses the local
 * model never loads (or needs to install) it. Internal: the provider is the public face.
 */
import { basename } from 'node:path';
import type { ChatHistoryItem, ChatWrapper, Llama, LlamaChat, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { LocalModelError, LocalModelErrorCode } from './errors.ts';
import type { LocalModelInfo, RenderedPrompt } from './types.ts';

type NodeLlamaCpp = typeof import('node-llama-cpp');

export type GpuOption = 'auto' | 'cuda' | 'vulkan' | 'metal' | false;
export type LogLevelOption = 'disabled' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';

export interface EngineOptions {
  modelPath: string;
  /** Context sequences, i.e. answers generated at once. */
  concurrency: number;
  /** Upper bound for each sequence's context; node-llama-cpp lowers it to what the model and memory allow. */
  contextSize: number;
  gpu: GpuOption;
  /** CPU threads for evaluation. Default: the cores useful for math, less one (see `loadEngine`). */
  threads?: number;
  logLevel: LogLevelOption;
}

export interface LoadedEngine {
  readonly info: LocalModelInfo;
  /** The chat bound to one context sequence; the request queue hands out the slot numbers. */
  chat(slot: number): LlamaChat;
  /** The prompt the chat wrapper renders for this history, and its length in tokens. */
  renderPrompt(history: ChatHistoryItem[]): RenderedPrompt;
  dispose(): Promise<void>;
}

/** Imports node-llama-cpp, or explains how to install it. */
export async function importNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  try {
    return await import('node-llama-cpp');
  } catch (error) {
    const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('node-llama-cpp');
    if (!missing) throw error;
    throw new LocalModelError(
      LocalModelErrorCode.Unavailable,
      'The local model needs the optional package node-llama-cpp, which is not installed. ' +
        'Install it next to Sitechat (npm install node-llama-cpp@^3.21.1, or pnpm add / yarn add) and start again; ' +
        'it ships prebuilt llama.cpp binaries for Linux, macOS and Windows, with CUDA, Vulkan and Metal support.',
      { cause: error },
    );
  }
}

export async function loadEngine(options: EngineOptions): Promise<LoadedEngine> {
  const nodeLlama = await importNodeLlamaCpp();
  const startedAt = performance.now();
  let llama: Llama | undefined;
  let model: LlamaModel | undefined;
  let context: LlamaContext | undefined;
  let threads = 1;
  try {
    llama = await nodeLlama.getLlama({
      gpu: options.gpu,
      logLevel: nodeLlama.LlamaLogLevel[options.logLevel],
      // The server must not start compiling llama.cpp on a visitor's first question; the prebuilt binaries
      // cover Linux, macOS and Windows on x64 and arm64 (see README for building on other platforms).
      build: 'never',
      ...(options.threads === undefined ? {} : { maxThreads: options.threads }),
    });
    // One core is left to the rest of the server (the event loop streaming answers, the database). Not only
    // for their sake: llama.cpp's threads wait for each other after every operation, so when one of them
    // loses its core to another process every token waits. Measured on a busy 2-core machine: 1 thread
    // generated 32 tokens in 0.25 s where 2 threads took 7 to 100 s (bench/local-model.bench.ts).
    threads = options.threads ?? Math.max(1, llama.cpuMathCores - 1);
    model = await llama.loadModel({ modelPath: options.modelPath });
    context = await model.createContext({
      sequences: options.concurrency,
      contextSize: { max: options.contextSize },
      threads,
    });
  } catch (error) {
    await context?.dispose();
    await model?.dispose();
    await llama?.dispose();
    if (error instanceof LocalModelError) throw error;
    const hint =
      error instanceof nodeLlama.NoBinaryFoundError
        ? ' node-llama-cpp has no prebuilt llama.cpp binary for this platform; build one once with ' +
          '`npx --no node-llama-cpp source download` (it compiles the llama.cpp source that node-llama-cpp ships; needs cmake and a C++ compiler), then start again.'
        : '';
    throw new LocalModelError(
      LocalModelErrorCode.LoadFailed,
      `Could not load the local model ${options.modelPath}: ${error instanceof Error ? error.message : String(error)}.${hint}`,
      { cause: error },
    );
  }

  // `resolveChatWrapper` reads the model's own Jinja template from the GGUF metadata. It keeps the template
  // unless a built-in wrapper renders it identically (that wrapper also knows the model's special segments,
  // like thoughts), and falls back on the architecture and file name, then a general format, without one.
  const chatWrapper: ChatWrapper = nodeLlama.resolveChatWrapper(model);
  const chats = Array.from(
    { length: options.concurrency },
    () => new nodeLlama.LlamaChat({ contextSequence: context.getSequence(), chatWrapper }),
  );
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  const info: LocalModelInfo = {
    path: options.modelPath,
    name: model.fileInfo.metadata.general?.name ?? basename(options.modelPath),
    chatWrapper: chatWrapper.wrapperName,
    hasChatTemplate: typeof template === 'string' && template.trim() !== '',
    contextSize: context.contextSize,
    concurrency: options.concurrency,
    gpu: llama.gpu,
    threads,
    loadMs: Math.round(performance.now() - startedAt),
  };
  const loadedModel = model;
  const loadedLlama = llama;

  return {
    info,
    chat(slot) {
      const chat = chats[slot];
      if (!chat) throw new RangeError(`No context sequence ${slot}; the model has ${chats.length}.`);
      return chat;
    },
    renderPrompt(history) {
      const { contextText } = chatWrapper.generateContextState({ chatHistory: history });
      return { text: contextText.toString(), tokens: contextText.tokenize(loadedModel.tokenizer).length };
    },
    async dispose() {
      for (const chat of chats) chat.dispose({ disposeSequence: true });
      await context.dispose();
      await loadedModel.dispose();
      await loadedLlama.dispose();
    },
  };
}
