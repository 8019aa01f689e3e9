import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { describePathKind } from '@tsc/shared/node';
import { LocalFileError, type NstrumentaErrorContext } from './errors.js';

/**
 * The size of a local file about to be uploaded (bytes), refusing anything that is not a regular file
 * before a request is sent.
 *
 * @throws {@link LocalFileError} for a missing path, a folder, a pipe or a device.
 */
export async function uploadSourceSize(localPath: string, context: NstrumentaErrorContext): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(localPath);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new LocalFileError(localPath, 'a regular file', `nothing readable (${String(code ?? error)})`, {
      ...context,
      cause: error,
    });
  }
  if (!info.isFile()) throw new LocalFileError(localPath, 'a regular file', describePathKind(info), context);
  return info.size;
}

/** The MD5 of a file as base64, the form storage reports in `md5Hash`. */
export async function fileMd5Base64(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
