/** Files of a tar archive (ustar, as `tar` and node-tar write), by path. */
export function readTar(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = new TextDecoder();
  const field = (offset: number, length: number) =>
    text.decode(bytes.subarray(offset, offset + length)).replace(/\0.*$/s, '');
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= bytes.length) {
    const name = field(offset, 100);
    if (name === '') break;
    const size = Number.parseInt(field(offset + 124, 12).trim() || '0', 8);
    const type = field(offset + 156, 1);
    const prefix = field(offset + 345, 155);
    const body = bytes.subarray(offset + 512, offset + 512 + size);
    if (body.length !== size) throw new Error(`tar entry ${name}: ${size} bytes declared, ${body.length} left`);
    if (type === 'L') longName = text.decode(body).replace(/\0.*$/s, '');
    else if (type === '0' || type === '') {
      files.set(longName ?? (prefix === '' ? name : `${prefix}/${name}`), body);
      longName = undefined;
    } else longName = undefined;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Gunzips bytes with the browser's own `DecompressionStream`. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
