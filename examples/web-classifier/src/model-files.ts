import { MODEL_FILES } from '@tsc/ast-model';
import type { ModelFiles } from './protocol.js';
import { gunzip, readTar } from './tar.js';

/** The model files found among `files` by base name (a folder picked or dropped, or the three files). */
function fromNamedBytes(named: Map<string, Uint8Array>, source: string): ModelFiles {
  const byBaseName = new Map([...named].map(([path, bytes]) => [path.split('/').pop()!, bytes]));
  const get = (name: string) => {
    const bytes = byBaseName.get(name);
    if (bytes === undefined)
      throw new Error(
        `${source}: expected ${MODEL_FILES.config}, ${MODEL_FILES.model} and ${MODEL_FILES.weights}, missing ${name}`,
      );
    return bytes;
  };
  const text = new TextDecoder();
  return {
    config: text.decode(get(MODEL_FILES.config)),
    model: text.decode(get(MODEL_FILES.model)),
    weights: get(MODEL_FILES.weights),
    source,
  };
}

/** A model from picked or dropped files: a `.model.tar.gz`, or a model folder's files. */
export async function modelFromFiles(files: readonly File[]): Promise<ModelFiles> {
  const archive = files.find((file) => /\.(tar\.gz|tgz)$/.test(file.name));
  if (archive !== undefined) {
    const entries = readTar(await gunzip(new Uint8Array(await archive.arrayBuffer())));
    return fromNamedBytes(entries, archive.name);
  }
  const named = new Map<string, Uint8Array>();
  for (const file of files) named.set(file.webkitRelativePath || file.name, new Uint8Array(await file.arrayBuffer()));
  const folder = files[0]?.webkitRelativePath.split('/')[0];
  return fromNamedBytes(named, folder || files.map((f) => f.name).join(', '));
}

/** A model from a URL: a `.model.tar.gz`, or a model folder served over HTTP (`<url>/config.json`, …). */
export async function modelFromUrl(url: string): Promise<ModelFiles> {
  const fetchBytes = async (target: string) => {
    const response = await fetch(target);
    if (!response.ok) throw new Error(`${target}: expected HTTP 200, found ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  if (/\.(tar\.gz|tgz)$/.test(url)) return fromNamedBytes(readTar(await gunzip(await fetchBytes(url))), url);
  const base = url.endsWith('/') ? url : `${url}/`;
  const names = [MODEL_FILES.config, MODEL_FILES.model, MODEL_FILES.weights];
  const bytes = await Promise.all(names.map((name) => fetchBytes(new URL(name, new URL(base, location.href)).href)));
  return fromNamedBytes(new Map(names.map((name, i) => [name, bytes[i]!])), base);
}
