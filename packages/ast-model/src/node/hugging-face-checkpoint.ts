import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBackend } from '../backend/backend.js';
import { CheckpointFormatError } from '../errors.js';
import type { AstClassifier } from '../inference/ast-classifier.js';
import { type HuggingFaceImportOptions, importHuggingFaceCheckpoint } from '../pretrained/hugging-face-import.js';

async function readOrThrow(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CheckpointFormatError(
      path,
      'file',
      'a readable file',
      (error as NodeJS.ErrnoException).code ?? String(error),
    );
  }
}

/**
 * Loads a HuggingFace AST checkpoint directory (`config.json` + `model.safetensors`, as saved by
 * `ASTForAudioClassification.save_pretrained`) into an {@link AstClassifier}, with optional new labels (new head) and
 * a new input size (interpolated position embeddings).
 *
 * @example
 * ```ts
 * import { loadHuggingFaceCheckpoint } from '@tsc/ast-model/node';
 *
 * // a folder saved by ASTForAudioClassification.save_pretrained: here the repository's tiny test checkpoint
 * const classifier = await loadHuggingFaceCheckpoint('fixtures/ast-hf-tiny', {
 *   label2id: { none: 0, low: 1, high: 2 },
 *   maxLength: 128,
 * });
 * console.log(classifier.labelNames, classifier.config.maxLength); // ['none', 'low', 'high'] 128
 * ```
 */
export async function loadHuggingFaceCheckpoint(
  dir: string,
  options: Omit<HuggingFaceImportOptions, 'file'> = {},
): Promise<AstClassifier> {
  await ensureBackend();
  const configPath = join(dir, 'config.json');
  const weightsPath = join(dir, 'model.safetensors');
  let configJson: Record<string, unknown>;
  try {
    configJson = JSON.parse((await readOrThrow(configPath)).toString('utf8'));
  } catch (error) {
    if (error instanceof CheckpointFormatError) throw error;
    throw new CheckpointFormatError(configPath, 'content', 'JSON', (error as Error).message);
  }
  const bytes = await readOrThrow(weightsPath);
  return importHuggingFaceCheckpoint(configJson, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    ...options,
    file: weightsPath,
  });
}
