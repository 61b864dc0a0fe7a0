/**
 * Node only: what `sitechat start` prints about the local model: which one starts (and, for the default
 * one, its size and licence), the download's progress bar, then what loaded (threads, GPU, context) or why
 * it could not, with the ways to configure a model.
 */
import { CONFIGURE_A_MODEL, createProgressBar, type ProgressBar, type ProgressOutput } from '@sitechat/local-model';
import { HOW_TO_CONFIGURE_A_MODEL, MODEL_NOT_CONFIGURED_MESSAGE } from '../config/model-help.js';
import type { LocalModelStartEvent, LocalModelStatus } from './local-start.js';

export interface LocalModelReportOutput {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where the progress bar is drawn (a terminal redraws one line). Default: lines through `err`. */
  progress?: ProgressOutput;
}

export interface LocalModelReport {
  onEvent(event: LocalModelStartEvent): void;
  /** Ends the progress bar, if one was drawn. */
  done(): void;
}

export function localModelReport(output: LocalModelReportOutput): LocalModelReport {
  let bar: ProgressBar | undefined;
  const progress = output.progress ?? { write: (text: string) => output.err(text.replace(/\n$/, '')), isTTY: false };
  return {
    onEvent(event) {
      if (event.type === 'loading') {
        const facts = event.defaultModel;
        output.err(
          facts === undefined
            ? `Loading the local model ${event.model}...`
            : `No model is configured: starting Sitechat's default local model, ${facts.name}: ${megabytes(facts.sizeBytes)} MB, ` +
                `${facts.licence}, downloaded once and then cached. docs/local-model.md says how to choose another.`,
        );
      } else {
        bar ??= createProgressBar({ label: `Downloading ${event.model}`, output: progress });
        bar.update(event.progress);
      }
    },
    done() {
      bar?.done();
      bar = undefined;
    },
  };
}

/** The `model:` lines of `sitechat start` for a local model, ready or not. */
export function printLocalModel(status: LocalModelStatus, output: Pick<LocalModelReportOutput, 'out' | 'err'>): void {
  if (status.state === 'ready') {
    const { info } = status;
    const gpu = info.gpu === false ? 'no GPU (CPU only)' : `GPU: ${info.gpu}`;
    output.out(`  model:   ${info.name}, run by this server (${info.path})`);
    output.out(
      `           ${info.threads} CPU thread${info.threads === 1 ? '' : 's'}, ${gpu}, context ${info.contextSize} tokens, ` +
        `${info.concurrency} answer${info.concurrency === 1 ? '' : 's'} at a time, loaded in ${(info.loadMs / 1000).toFixed(1)} s`,
    );
    return;
  }
  // local-model's messages end with its own list of the ways to configure a model; ours follows once.
  const reason = status.reason.replace(CONFIGURE_A_MODEL, '').trim();
  output.err(`\nThe local model could not be started (${status.code}):\n${reason}`);
  output.err(
    status.source === 'default'
      ? `\n${MODEL_NOT_CONFIGURED_MESSAGE}`
      : `\nThis Sitechat server cannot answer until it has a model. ${HOW_TO_CONFIGURE_A_MODEL}`,
  );
  output.err('The widget shows visitors that the assistant is not available, and why.');
}

function megabytes(bytes: number): number {
  return Math.round(bytes / 1_000_000);
}
